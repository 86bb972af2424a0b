// Written by scripts/learn-words.js from fixtures/corpus: do not edit by hand (`npm run learn` rewrites it).
export const LEARNED = {
  reports: 4224,
  fingerprint: 'fe07a43bca4142cc',
  causes: ["keepalive-race","lb-idle-mismatch","server-timeout","server-crash","client-timeout-connect","client-timeout-read","connect-refused","dns-failure","tls-failure","malformed-request","client-aborted","body-truncated","shutdown-deploy","overload","proxy-misconfig","other"] as readonly string[],
  bias: [-9,-30,0,-39,8,1,46,-26,11,-1,-26,-45,-19,41,16,60] as readonly number[],
};

// Written by scripts/learn-words.js from fixtures/corpus: do not edit by hand (`npm run learn` rewrites it).
export const LEARNED = {
  reports: 3329,
  fingerprint: 'a9c0caa94b373cf8',
  causes: ["keepalive-race","lb-idle-mismatch","server-timeout","server-crash","client-timeout-connect","client-timeout-read","connect-refused","dns-failure","tls-failure","malformed-request","client-aborted","body-truncated","shutdown-deploy","overload","proxy-misconfig","other"] as readonly string[],
  bias: [-8,-18,-1,-40,0,10,56,-28,5,-1,-21,-41,-15,38,11,46] as readonly number[],
};

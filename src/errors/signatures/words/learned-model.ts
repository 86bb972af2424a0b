// Written by scripts/learn-words.js from fixtures/corpus: do not edit by hand (`npm run learn` rewrites it).
export const LEARNED = {
  reports: 4411,
  fingerprint: '8dd33306f0c0380f',
  causes: ["keepalive-race","lb-idle-mismatch","server-timeout","server-crash","client-timeout-connect","client-timeout-read","connect-refused","dns-failure","tls-failure","malformed-request","client-aborted","body-truncated","shutdown-deploy","overload","proxy-misconfig","other"] as readonly string[],
  bias: [-8,-32,-2,-33,8,-1,46,-24,14,-3,-27,-46,-21,41,22,57] as readonly number[],
};

// Written by scripts/learn-words.js from fixtures/corpus: do not edit by hand (`npm run learn` rewrites it).
export const LEARNED = {
  reports: 2620,
  fingerprint: '4b0c7d3716d5555e',
  causes: ["keepalive-race","lb-idle-mismatch","server-timeout","server-crash","client-timeout-connect","client-timeout-read","connect-refused","dns-failure","tls-failure","malformed-request","client-aborted","body-truncated","shutdown-deploy","overload","proxy-misconfig","other"] as readonly string[],
  bias: [-12,-22,-5,-42,-4,5,59,-24,13,12,-18,-39,-20,40,17,36] as readonly number[],
};

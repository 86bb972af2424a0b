// Written by scripts/learn-words.js from fixtures/corpus: do not edit by hand (`npm run learn` rewrites it).
export const LEARNED = {
  reports: 2031,
  fingerprint: '07a045b104186ce2',
  causes: ["keepalive-race","lb-idle-mismatch","server-timeout","server-crash","client-timeout-connect","client-timeout-read","connect-refused","dns-failure","tls-failure","malformed-request","client-aborted","body-truncated","shutdown-deploy","overload","proxy-misconfig","other"] as readonly string[],
  bias: [-10,-19,-5,-31,-8,7,59,-26,7,12,-19,-21,-19,39,9,26] as readonly number[],
};

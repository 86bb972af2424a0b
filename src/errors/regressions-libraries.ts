import type { Regression } from './regressions.js';

/** HTTP client, gRPC and npm releases known to produce hang-ups by themselves (regressions.ts has Node's). */
export const LIBRARY_REGRESSIONS: Regression[] = [
  {
    library: 'axios',
    ranges: [
      [
        [0, 22, 0],
        [1, 6, 3],
      ],
    ],
    symptom: /socket hang up|ECONNRESET/,
    causes: { other: 4.5 },
    says: "axios 0.22-1.6.2 left a request's timeout on its reused keep-alive socket, hanging up later requests (axios#6113)",
  },
  {
    library: 'axios',
    // 1.2.0 decoded brotli without error (its bodies came out garbled); 1.2.1 failed them outright.
    ranges: [
      [
        [1, 2, 1],
        [1, 2, 2],
      ],
    ],
    symptom: /unexpected end of file|Z_BUF_ERROR/,
    causes: { other: 5 },
    says: "axios 1.2.1 failed brotli-encoded responses with 'unexpected end of file' (axios#5346; fixed in 1.2.2 by axios#5353)",
  },
  {
    library: 'grpc-js',
    ranges: [
      [
        [0, 0, 0],
        [1, 5, 9],
      ],
    ],
    symptom: /UNAVAILABLE[\s\S]{0,40}Connection dropped/,
    causes: { other: 4.5 },
    says: 'grpc-js before 1.5.9 dropped idle connections without reconnecting cleanly',
  },
  {
    library: 'npm',
    ranges: [
      [
        [8, 3, 1],
        [8, 5, 1],
      ],
    ],
    symptom: /\bERR_SOCKET_TIMEOUT\b|\bSocket timeout\b/,
    causes: { other: 3.5 },
    says: "npm 8.3.1-8.5.0 failed installs with ERR_SOCKET_TIMEOUT that 8.3.0 did not (npm/cli#4414): agentkeepalive's idle-socket timer firing on a busy socket (agentkeepalive#106)",
  },
];

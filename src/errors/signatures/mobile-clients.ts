import type { Signature } from './signature.js';

const CONNECT = { requestWritten: false } as const;

/**
 * Android (OkHttp, the platform's security policy) and Flutter (Dart's HttpClient, Dio) calling a Node server:
 * the mobile apps' own words, which name the step that failed. Like Node's agents, Dart's HttpClient keeps
 * connections alive (15 s idle), longer than Node's server does (5 s).
 */
export const mobileSignatures = (): Signature[] => [
  {
    // Dart's HttpClient reusing a kept-alive connection the server had just closed idle.
    id: 'dart/closed-before-headers',
    pattern: /\bConnection closed before full header was received\b/,
    observer: 'client',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'keepalive-race': 2, 'server-crash': 0.4, 'server-timeout': 0.3 },
    says: "the connection closed before the response's headers: with Dart's HttpClient (it keeps connections 15 s, Node's server 5 s), most often a kept-alive connection the server had closed idle as the app reused it",
    example:
      'HttpException: Connection closed before full header was received, uri = http://10.0.2.2:3000/api/items',
  },
  {
    id: 'dio/connection-timeout',
    pattern:
      /\bDioException(?:Type)? ?\[?\.?connection ?[Tt]imeout\]?|\bDioExceptionType\.connectionTimeout\b|\bDioErrorType\.connectTimeout\b/,
    observer: 'client',
    code: 'NH_CONNECT_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-connect': 1.5 },
    says: "Dio's connectTimeout passed: the connection was not established in time (an address the device cannot reach, a firewall)",
    facts: CONNECT,
    example:
      'DioException [connection timeout]: The request connection took longer than 0:00:30.000000 and it was aborted.',
  },
  {
    id: 'dio/receive-timeout',
    pattern:
      /\bDioException(?:Type)? ?\[?\.?receive ?[Tt]imeout\]?|\bDioExceptionType\.receiveTimeout\b|\bDioErrorType\.receiveTimeout\b/,
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-read': 1.5 },
    says: "Dio's receiveTimeout passed: the server answered slower than the app waits",
    example:
      'DioException [receive timeout]: The request took longer than 0:00:30.000000 to receive data. It was aborted.',
  },
  {
    id: 'okhttp/failed-to-connect',
    pattern: /\bjava\.net\.ConnectException: Failed to connect to \S{1,260}/,
    observer: 'client',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 1.2, 'client-timeout-connect': 0.6 },
    says: "OkHttp could not connect: nothing listening there, or not reachable from the device (the emulator reaches the host as 10.0.2.2, a phone needs the computer's LAN address)",
    facts: CONNECT,
    example: 'java.net.ConnectException: Failed to connect to /10.0.2.2:3000',
  },
  {
    id: 'android/trust-anchor',
    pattern: /\bTrust anchor for certification path not found\b/,
    observer: 'client',
    code: 'NH_TLS_FAILURE',
    rank: 3,
    causes: { 'tls-failure': 2 },
    says: "Android does not trust the server's certificate chain (self-signed, a private CA, or a missing intermediate)",
    facts: CONNECT,
    example:
      'javax.net.ssl.SSLHandshakeException: java.security.cert.CertPathValidatorException: Trust anchor for certification path not found.',
  },
  {
    id: 'android/cleartext-blocked',
    pattern:
      /\bCLEARTEXT communication (?:to \S{1,260} )?not permitted by network security policy\b|\bCleartext HTTP traffic to \S{1,260} not permitted\b/,
    observer: 'client',
    // Refused by the device's policy before any connection: not a handshake that failed.
    code: 'NH_UNKNOWN',
    rank: 3,
    causes: { other: 1.5, 'tls-failure': 0.8 },
    says: 'Android refused a plain-HTTP URL (cleartext is off by default since Android 9): allow it in the network security config, or serve HTTPS',
    facts: CONNECT,
    example:
      'java.net.UnknownServiceException: CLEARTEXT communication to 192.168.1.5 not permitted by network security policy',
  },
];

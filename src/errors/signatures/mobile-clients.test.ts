import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';

// Mobile apps calling a Node server: Dart's and Dio's words (Flutter), OkHttp's and Android's.
test("Flutter's and Android's clients name the step that failed", () => {
  assertReadings([
    [
      'HttpException: Connection closed before full header was received, uri = http://10.0.2.2:3000/api/items',
      'dart/closed-before-headers',
      'keepalive-race',
    ],
    [
      'DioException [connection timeout]: The request connection took longer than 0:00:30.000000 and it was aborted.',
      'dio/connection-timeout',
      'client-timeout-connect',
    ],
    [
      'DioException [receive timeout]: The request took longer than 0:00:30.000000 to receive data. It was aborted.',
      'dio/receive-timeout',
      'client-timeout-read',
    ],
    [
      'DioError [DioErrorType.connectTimeout]: Connecting timed out [30000ms]',
      'dio/connection-timeout',
      'client-timeout-connect',
    ],
    [
      'java.net.ConnectException: Failed to connect to /10.0.2.2:3000',
      'okhttp/failed-to-connect',
      'connect-refused',
    ],
    [
      'javax.net.ssl.SSLHandshakeException: java.security.cert.CertPathValidatorException: Trust anchor for certification path not found.',
      'android/trust-anchor',
      'tls-failure',
    ],
    [
      'java.net.UnknownServiceException: CLEARTEXT communication to 192.168.1.5 not permitted by network security policy',
      'android/cleartext-blocked',
      'other',
    ],
  ]);
});

import { family } from './signature.js';

/** Google Cloud: the HTTP(S) load balancer's `statusDetails`, Cloud Run and App Engine messages. */
export const gcp = family(
  'gcp',
  /backend_|failed_to_|encountered a temporary error|client_disconnected|client_timed_out|no available instance|Memory limit of|HTTP response was malformed|exited before the response|unexpectedly died|stream duration|without audio|deadline too short|listen on the port/,
  () => [
    {
      // The Google Front End's own 502 page ("502 Server Error"): the load balancer got no usable answer from the
      // backend: its backend service timeout passed (30 s by default), or the backend refused or closed.
      id: 'gcp/gfe-502-page',
      pattern: /\bThe server encountered a temporary error and could not complete your request\b/,
      observer: 'proxy',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'server-timeout': 1, 'connect-refused': 0.6, 'lb-idle-mismatch': 0.4, 'server-crash': 0.4 },
      says: "Google's load balancer answered 502 itself: its backend service timeout (30 s by default) passed, or the backend refused or closed the connection",
      facts: { status: 502 },
      example:
        'Error: Server Error The server encountered a temporary error and could not complete your request. Please try again in 30 seconds.',
    },
    {
      id: 'gcp/backend-closed-before-data',
      pattern: /\bbackend_connection_closed_before_data_sent_to_client\b/,
      observer: 'platform',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'lb-idle-mismatch': 3, 'server-crash': 0.5 },
      says: "Google's load balancer: the backend closed a connection it was reusing before any data (the app's keep-alive timeout is below the balancer's 600 s)",
      facts: { status: 502 },
      example: '"statusDetails": "backend_connection_closed_before_data_sent_to_client"',
    },
    {
      id: 'gcp/backend-closed-after-partial',
      pattern: /\bbackend_connection_closed_after_partial_response_sent\b/,
      observer: 'platform',
      code: 'NH_BODY_TRUNCATED',
      phase: 'body',
      rank: 3,
      causes: { 'body-truncated': 1, 'server-crash': 1, 'server-timeout': 0.8 },
      says: "Google's load balancer: the backend closed the connection in the middle of its response",
      facts: { responseStarted: true },
      example: '"statusDetails": "backend_connection_closed_after_partial_response_sent"',
    },
    {
      id: 'gcp/backend-timeout',
      pattern: /\bbackend_timeout\b/,
      observer: 'platform',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2.5 },
      says: "Google's load balancer: the backend service timeout (30 s by default) passed before the app answered",
      facts: { status: 502 },
      example: '"statusDetails": "backend_timeout"',
    },
    {
      id: 'gcp/failed-to-connect',
      pattern: /\bfailed_to_connect_to_backend\b/,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1, overload: 0.8, 'server-crash': 0.6, 'shutdown-deploy': 0.5 },
      says: "Google's load balancer could not connect to the backend",
      facts: { requestWritten: false },
      example: '"statusDetails": "failed_to_connect_to_backend"',
    },
    {
      id: 'gcp/failed-to-pick-backend',
      pattern: /\bfailed_to_pick_backend\b/,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      // Most often the health check itself (a path or port the app does not answer 200 on), per Google's docs.
      causes: { 'server-crash': 0.8, 'shutdown-deploy': 0.6, 'proxy-misconfig': 1.6, overload: 0.5 },
      says: "Google's load balancer had no healthy backend to pick (health checks failing, or none serving)",
      facts: { status: 502 },
      example: '"statusDetails": "failed_to_pick_backend"',
    },
    {
      id: 'gcp/client-disconnected',
      pattern: /\bclient_disconnected_(?:before_any_response|after_partial_response)\b|\bclient_timed_out\b/,
      observer: 'platform',
      code: 'NH_CLIENT_ABORTED',
      rank: 3,
      causes: { 'client-aborted': 2.5 },
      says: "Google's load balancer: the client disconnected before the response was complete",
      example: '"statusDetails": "client_disconnected_before_any_response"',
    },
    {
      // The backend answered (1xx/2xx) before it had read the whole request body: the balancer stops sending it
      // and the client sees its upload cut (an app that replies first and reads never, or a framework that does).
      id: 'gcp/backend-early-response',
      pattern: /\bbackend_early_response_with_non_error_status\b/,
      observer: 'proxy',
      rank: 3,
      causes: { other: 1.5, 'malformed-request': 0.8 },
      says: "Google's load balancer: the backend answered with a success before reading the whole request body (the app replies without consuming the upload)",
      example: '"statusDetails": "backend_early_response_with_non_error_status"',
    },
    {
      id: 'gcp/cloud-run-no-instance',
      pattern: /The request was aborted because there was no available instance/,
      observer: 'platform',
      code: 'NH_SHED',
      rank: 3,
      causes: { overload: 3 },
      says: 'Cloud Run had no instance free to take the request (scaling out, or max instances reached)',
      facts: { status: 429 },
      example: 'The request was aborted because there was no available instance.',
    },
    {
      // Cloud Run's revision that never became ready: nothing answered on $PORT within the startup probe. Its
      // troubleshooting names three ways: the app listens on another port or on 127.0.0.1, the image was built for
      // another architecture (arm64 from an Apple Silicon machine: exec format error), or it exited at start.
      id: 'gcp/container-failed-to-listen',
      pattern: /\bfailed to start and listen on the port defined\b/,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.5, other: 1.2, 'server-crash': 1 },
      says: 'Cloud Run: the container never listened on $PORT: the app listens on another port or on 127.0.0.1, the image was built for another CPU (arm64 on an Apple Silicon Mac), or it exited at start',
      facts: { requestWritten: false },
      example:
        'The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable.',
    },
    {
      id: 'gcp/memory-limit',
      // App Engine's own words for a process that died under a request, most often for memory as well.
      pattern:
        /Memory limit of \d{1,7} ?[MG]i?B? exceeded|\bThe process handling this request unexpectedly died\b/,
      observer: 'platform',
      rank: 3,
      causes: { 'server-crash': 3 },
      says: 'the instance exceeded its memory limit or died, and was killed, taking in-flight requests with it',
      example: 'Memory limit of 512 MiB exceeded with 530 MiB used. Consider increasing the memory limit.',
    },
    {
      // Cloud Run's "Truncated response body. Usually implies that the request timed out or the application
      // exited before the response was finished": an instance scaled in or replaced by a new revision (SIGTERM,
      // then 10 s) more often than a crash, which logs its own error, or a request past its timeout.
      id: 'gcp/exited-before-response',
      pattern: /\bapplication exited before the response was finished\b/,
      observer: 'platform',
      code: 'NH_BODY_TRUNCATED',
      phase: 'body',
      rank: 3,
      causes: { 'shutdown-deploy': 3.5, 'server-crash': 1.5, 'server-timeout': 1 },
      says: 'Cloud Run: the response was cut because the container exited (stopped by a scale-in or a new revision, or crashed) or the request timed out',
      facts: { responseStarted: true },
      example: 'Truncated response body — the application exited before the response was finished',
    },
    {
      id: 'gcp/malformed-or-connection',
      pattern:
        /The request failed because either the HTTP response was malformed or connection to the instance had an error/,
      observer: 'platform',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'server-crash': 1, 'server-timeout': 0.8, 'lb-idle-mismatch': 0.6 },
      says: "Cloud Run's front end lost the connection to the instance before a valid response",
      example:
        'The request failed because either the HTTP response was malformed or connection to the instance had an error.',
    },
    {
      id: 'gcp/speech-stream-duration',
      // Cloud Speech-to-Text ends a streaming recognize after its maximum duration (about five minutes today,
      // 65 s in its first versions): the service's limit, not the network. A long call needs a new stream.
      pattern: /\bExceeded maximum allowed stream duration of \d{1,6} seconds\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 3 },
      says: 'the speech service ended the stream at its maximum stream duration: restart the stream before it',
      example: 'Error: 11 OUT_OF_RANGE: Exceeded maximum allowed stream duration of 65 seconds.',
    },
    {
      id: 'gcp/speech-audio-timeout',
      // The same service ends a stream that has had no audio for a while (about 10 s): the caller stopped
      // writing, and the service's idle limit closed it.
      pattern: /\bAudio Timeout Error: Long duration elapsed without audio\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 3 },
      says: 'the speech service closed a stream that had been sent no audio for too long (its idle limit)',
      example:
        'Error: Audio Timeout Error: Long duration elapsed without audio. Audio should be sent close to real time.',
    },
    {
      id: 'gcp/speech-deadline-too-short',
      // The client's own gRPC deadline (the SDK's timeout option, 60 s by default) was shorter than the audio
      // needs: the caller's timeout, which the service checks before it starts.
      pattern: /\bClient GRPC deadline too short\b/,
      observer: 'client',
      code: 'NH_RESPONSE_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-read': 3 },
      says: "the client's own gRPC deadline (the SDK call's timeout) is shorter than the audio needs: raise it",
      example:
        'Error: 3 INVALID_ARGUMENT: Client GRPC deadline too short. Should be at least: 3 * audio-duration + 5 seconds.',
    },
  ],
);

import { family } from './signature.js';

/** Containers, Kubernetes and serverless hosts: how they report a killed, throttled or timed-out app. */
export const platforms = family(
  'platforms',
  /OOM|[Ee]xit(?:ed)? (?:with )?(?:[Cc]ode|status|137)|due to memory|health check to return|exited unexpectedly|[Oo]ut of memory|OUT OF MEMORY|oom-kill|oom_kill|Main process exited|SIGKILL|signal: killed|Segmentation|segfault at|core dumped|probe failed|Unhealthy|CrashLoopBackOff|Back-off restarting|Killing|Stopping container|Terminating|preStop|terminationGracePeriod|[Tt]hrottl|INVOCATION_TIMEOUT|INVOCATION_FAILED|PAYLOAD_TOO_LARGE|finished with status|LambdaTimeout|function (?:execution )?(?:timed out|took too long)|queue full|Request queue (?:is )?full|accept EMFILE|ENOBUFS|TypeError|ReferenceError|SyntaxError|Cannot find module|MODULE_NOT_FOUND|[Nn]o open ports detected|Detecting port|low on resource/,
  () => [
    {
      id: 'app/threw-at-start',
      // An app's own exception (not a fetch's network TypeError: Node's "fetch failed", Deno's "error sending
      // request", browsers' "Failed to fetch", "NetworkError ...", "Load failed", React Native's "Network request
      // failed") pasted beside a refused upstream: it threw while starting, so nothing listened. Alone it says
      // nothing about a hang-up.
      pattern:
        /\b(?:(?:TypeError|ReferenceError|SyntaxError): (?!fetch failed|terminated|error sending request|Failed to fetch|NetworkError|Load failed|Network request failed)|Error: Cannot find module )/,
      rank: 1,
      causes: {},
      says: 'the app threw an exception of its own (a TypeError, a SyntaxError, a missing module)',
      withCode: {
        codes: ['NH_CONNECT_REFUSED'],
        causes: { 'server-crash': 2.5 },
        says: 'the app threw while the proxy found nothing listening: it crashed (at start, or in a restart loop)',
      },
      example: 'TypeError: semver.coerce is not a function',
    },
    {
      // Beside app/threw-at-start, which reads it only with a refused connection: a missing module means the server
      // never came up, or its part that serves the request failed to load, whatever the code.
      id: 'node/cannot-find-module',
      pattern: /\bCannot find module '[^'\n]{1,200}'|\bMODULE_NOT_FOUND\b/,
      rank: 1,
      causes: { 'server-crash': 1.5 },
      says: 'a module could not be loaded: the server (or the part of it serving this request) failed to start',
      example: "Error: Cannot find module './configManager.cjs'",
    },
    {
      id: 'render/no-open-ports',
      // Render scans a web service for a port bound on 0.0.0.0 after it starts; an app that listens on
      // localhost, on a port of its own instead of $PORT, or not at all leaves the deploy scanning, and the
      // router has nowhere to send requests.
      pattern: /\b[Nn]o open ports detected\b/,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 2.2, 'server-crash': 0.5 },
      says: 'Render found no port open: the app does not listen on $PORT at 0.0.0.0 (localhost, another port, or it never got to listen())',
      example: '==> No open ports detected, continuing to scan...',
    },
    {
      id: 'render/health-check-timeout',
      // A deploy whose health check never passed: the new instance is not answering on $PORT at 0.0.0.0 (or
      // crashed while starting), so Render keeps the old one and fails the deploy.
      pattern: /\bTimed out after waiting for internal health check to return a successful response code\b/,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.5, 'server-crash': 1, 'shutdown-deploy': 0.5 },
      says: "Render's health check never got an answer from the new instance: it does not listen on $PORT at 0.0.0.0, or crashed while starting",
      example:
        '==> Timed out after waiting for internal health check to return a successful response code at: app.onrender.com:10000 /healthz',
    },
    {
      id: 'vercel/dev-port',
      // `vercel dev` starts the framework's dev server and waits for it on the port it passed as $PORT; one that
      // listens elsewhere (Vite's own 5173, localhost resolved to ::1 on Node 17+) is never found.
      pattern: /\bDetecting port \d{1,5} timed out after \d{1,9}ms\b/,
      observer: 'platform',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.5, 'proxy-misconfig': 1.2 },
      says: '`vercel dev` never found its dev server on the port it gave it ($PORT): the dev command listens on another port or address',
      example: 'Error: Detecting port 41461 timed out after 300000ms',
    },
    {
      id: 'k8s/oom-killed',
      pattern:
        // ECS words it as a task's stopped reason: "OutOfMemoryError: Container killed due to memory usage".
        /\bOOMKilled\b|\bExit Code:? 137\b|exit(?:ed)? (?:with )?(?:code|status)? ?137\b|\bout of memory\b|\bOOM[- _]kill|\bkilled due to memory usage\b/i,
      observer: 'platform',
      rank: 3,
      causes: { 'server-crash': 3 },
      says: 'the process was killed for memory (OOMKilled, exit code 137)',
      deniable: true,
      example: 'Last State: Terminated  Reason: OOMKilled  Exit Code: 137',
    },
    {
      // systemd's account of a service's process ending: stopped on purpose (TERM, a restart or a deploy), or
      // killed or exited on its own (a crash, the kernel's OOM killer, a KILL after a stop timed out).
      id: 'systemd/stopped',
      pattern: /\bMain process exited, code=(?:killed|exited), status=(?:15\/TERM|143)\b/,
      observer: 'platform',
      rank: 3,
      causes: { 'shutdown-deploy': 2 },
      says: 'systemd stopped the service with SIGTERM (a restart or a deploy): connections it held then ended',
      example: 'systemd[1]: api.service: Main process exited, code=killed, status=15/TERM',
    },
    {
      id: 'systemd/died',
      pattern:
        /\bMain process exited, code=(?:killed|dumped|exited), status=(?!15\/TERM|143\b|0\/SUCCESS)\d{1,3}(?:\/[A-Z]{2,12})?\b/,
      observer: 'platform',
      rank: 3,
      causes: { 'server-crash': 2.5 },
      says: "the service's process died under systemd (killed, dumped core or exited with an error): requests in flight were lost with it",
      example: 'systemd[1]: api.service: Main process exited, code=killed, status=9/KILL',
    },
    {
      // The kubelet evicting a pod from a node short of memory (or disk): its containers are killed and the pod
      // rescheduled, so its connections end with it.
      id: 'k8s/evicted',
      pattern: /\bThe node was low on resource: (?:memory|ephemeral-storage)\b/,
      observer: 'platform',
      rank: 3,
      causes: { 'server-crash': 2, overload: 1 },
      says: 'Kubernetes evicted the pod from a node short of memory or disk: its containers were killed mid-request (set requests near real use, and limits)',
      example:
        'Warning  Evicted  kubelet  The node was low on resource: memory. Container app was using 1Gi, which exceeds its request of 512Mi.',
    },
    {
      id: 'k8s/killed-signal',
      pattern:
        /\bSIGKILL\b|\bsignal: killed\b|\bexited unexpectedly with code \w{1,4}, signal SIG[A-Z]{3,5}\b|\bexit(?:ed)? (?:with )?(?:code|status) (?:134|139)\b|\bSegmentation fault\b|\bcore dumped\b|\bsegfault at [0-9a-f]{1,16} ip\b/i,
      rank: 2,
      causes: { 'server-crash': 2 },
      says: 'the process was killed or crashed (SIGKILL, abort, segfault)',
      deniable: true,
      example: 'npm ERR! signal SIGKILL',
    },
    {
      id: 'k8s/probe-failed',
      pattern:
        /\b(?:Liveness|Readiness) probe failed\b|\bWarning[ \t]{1,8}Unhealthy\b|^[ \t]{0,8}Unhealthy[ \t]{0,8}$/m,
      observer: 'platform',
      rank: 3,
      causes: { overload: 1.5, 'client-timeout-read': 0.8, 'server-crash': 0.5, 'shutdown-deploy': 0.5 },
      says: "Kubernetes' health probe timed out or failed: the app did not answer it within the probe's timeoutSeconds (1 s by default: a slow health route, a blocked event loop, CPU throttling) or was down",
      example:
        'Warning  Unhealthy  Liveness probe failed: Get "http://10.1.2.3:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    },
    {
      id: 'k8s/crash-loop',
      pattern: /\bCrashLoopBackOff\b|\bBack-off restarting failed container\b/,
      observer: 'platform',
      rank: 3,
      causes: { 'server-crash': 2.5 },
      says: 'the container keeps crashing and restarting',
      example: 'Back-off restarting failed container',
    },
    {
      id: 'k8s/terminating',
      pattern:
        /\bKilling container with id\b|\bStopping container\b|\bTerminating\b[^\n]{0,40}\bpod\b|\bpreStop\b|\bterminationGracePeriodSeconds\b/,
      observer: 'platform',
      rank: 3,
      causes: { 'shutdown-deploy': 2 },
      says: 'pods were being stopped (a rollout, scale-in or eviction)',
      example: 'Normal  Killing  Stopping container app',
    },
    {
      id: 'k8s/cpu-throttling',
      pattern: /\bCPUThrottlingHigh\b|\bcpu throttl\w{0,10}/i,
      observer: 'platform',
      rank: 3,
      causes: { overload: 2 },
      says: "the container's CPU is throttled by its limit: the event loop stalls in bursts",
      example: 'CPUThrottlingHigh: 65% throttling of CPU in namespace prod for container api',
    },
    {
      id: 'serverless/function-timeout',
      pattern:
        // LambdaTimeout: the error type Netlify's page names when a function passes its 10 s (or 26 s) limit.
        // Google Cloud Functions log the end of an invocation: "Function execution took 60002 ms, finished with
        // status: 'timeout'".
        /\bFUNCTION_INVOCATION_TIMEOUT\b|\bEDGE_FUNCTION_INVOCATION_TIMEOUT\b|\bLambdaTimeout\b|\bfunction (?:execution )?(?:timed out|took too long)\b|\bfinished with status:? '?timeout\b/i,
      observer: 'platform',
      code: 'NH_SERVER_TIMEOUT',
      rank: 3,
      causes: { 'server-timeout': 2.5 },
      says: "the serverless function ran past its platform's time limit",
      facts: { status: 504 },
      example: '504: GATEWAY_TIMEOUT Code: FUNCTION_INVOCATION_TIMEOUT',
    },
    {
      // The function itself failed: Vercel's FUNCTION_INVOCATION_FAILED (an unhandled exception or a crashed
      // process), Cloud Functions' "finished with status: 'crash'".
      id: 'serverless/function-crashed',
      pattern: /\b(?:EDGE_)?FUNCTION_INVOCATION_FAILED\b|\bfinished with status:? '?crash\b/,
      observer: 'platform',
      rank: 3,
      causes: { 'server-crash': 2.5 },
      says: 'the serverless function crashed or threw while handling the request (its own log has the exception)',
      example: '500: INTERNAL_SERVER_ERROR Code: FUNCTION_INVOCATION_FAILED',
    },
    {
      // Vercel's functions take a request or give a response body of at most 4.5 MB; past it the platform answers
      // 413 itself, before or after the function ran.
      id: 'vercel/payload-too-large',
      pattern: /\bFUNCTION_PAYLOAD_TOO_LARGE\b|\bFUNCTION_RESPONSE_PAYLOAD_TOO_LARGE\b/,
      observer: 'platform',
      code: 'NH_MALFORMED_REQUEST',
      rank: 3,
      causes: { 'malformed-request': 1.5, other: 0.8 },
      says: "a body past the platform's limit for functions (Vercel's 4.5 MB for a request or a response): upload it straight to storage, or stream it",
      facts: { status: 413 },
      example:
        '413: FUNCTION_PAYLOAD_TOO_LARGE Code: FUNCTION_PAYLOAD_TOO_LARGE ID: iad1::abcde-1700000000000',
    },
    {
      id: 'passenger/queue-full',
      pattern: /under heavy load \(queue full\)|\bRequest queue (?:is )?full\b/,
      observer: 'platform',
      code: 'NH_SHED',
      rank: 3,
      causes: { overload: 3 },
      says: "the app server's request queue is full",
      example: 'This website is under heavy load (queue full)',
    },
    {
      id: 'node/enobufs',
      // libuv's ENOBUFS: the kernel had no buffer space for the socket write or send (nodejs/node#15617: "practically
      // guarantees" the system is out of resources, usually memory for socket buffers under heavy load).
      pattern: /\bENOBUFS\b/,
      rank: 2,
      causes: { overload: 2.5 },
      says: 'the system ran out of socket buffer space (ENOBUFS): memory or socket limits under heavy load',
      example: 'Uncaught Error: write ENOBUFS',
    },
    {
      id: 'node/accept-emfile',
      pattern: /\baccept EMFILE\b/,
      observer: 'server',
      rank: 3,
      causes: { overload: 3 },
      says: 'the server ran out of file descriptors accepting connections',
      example: 'Error: accept EMFILE',
    },
  ],
);

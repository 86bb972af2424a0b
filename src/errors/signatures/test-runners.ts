import { family } from './signature.js';

/**
 * Test runners and the servers they start or call: what they print when the app under test never answered.
 * Most often nothing listened where the test looked (the server not started or not awaited, ::1 against
 * 127.0.0.1, another port), which the runner words in its own terms.
 */
export const testRunners = family(
  'test-runners',
  /config\.webServer|_assertStatus|Could not proxy command/,
  () => [
    {
      // Playwright waits for its webServer's url or port to answer before any test runs; it never did: the
      // server listens on another address (IPv6 ::1 for localhost, or 127.0.0.1 when the URL names another host),
      // another port, or failed to start (its own output says so above this line).
      id: 'playwright/web-server-timeout',
      pattern: /\bTimed out waiting \d{1,7}ms from config\.webServer\b/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 1.5, other: 0.8, 'server-crash': 0.4 },
      says: "Playwright's webServer never answered at its url or port: the server listens on another address (::1 against 127.0.0.1) or port, or did not start",
      facts: { requestWritten: false },
      example: 'Error: Timed out waiting 60000ms from config.webServer.',
    },
    {
      // Older supertest asserted on a response that never came: its TypeError stands in for the request's
      // own error, most often a refused connect (no server listening at the URL given to request()).
      id: 'supertest/no-response',
      pattern:
        /\bCannot read propert(?:y|ies) (?:of undefined \(reading )?'status'[^\n]{0,40}\n[^\n]{0,40}\bat Test\._assertStatus\b/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 2,
      causes: { 'connect-refused': 1.5, other: 0.5 },
      says: "supertest got no response to assert on: the request itself failed, most often because no server listened at the URL (request.agent('http://localhost:1234') with nothing there)",
      facts: { requestWritten: false },
      example:
        "TypeError: Cannot read property 'status' of undefined\n    at Test._assertStatus (lib/test.js:264:10)",
    },
    {
      // Appium passes each command on to the driver's own server on the device or simulator (UiAutomator2's,
      // WebDriverAgent's) and words that hop's failure this way: the server there stopped answering, most often
      // because it crashed or the device's OS killed it (battery savers, memory), or the device went away.
      id: 'appium/proxy-to-driver',
      pattern: /\bCould not proxy command to (?:the )?remote server\b/,
      observer: 'proxy',
      rank: 2,
      causes: { 'server-crash': 1.5, 'connect-refused': 0.5 },
      says: "Appium could not pass the command on to the driver's server on the device (UiAutomator2's, WebDriverAgent's): that server crashed or was killed by the device, or the device went away",
      example:
        'ProxyRequestError: Could not proxy command to remote server. Original error: Error: socket hang up',
    },
  ],
);

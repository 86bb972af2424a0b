import { family } from './signature.js';

/**
 * Puppeteer and Playwright, and the browser they drive over a WebSocket (the DevTools protocol); Appium, and the
 * driver it proxies to on a device: the browser or the driver is their server, and a command it never answers is
 * that server gone.
 */
export const headlessBrowsers = family(
  'headless-browsers',
  /(?:Target|Session) closed|TargetCloseError|has been closed|browser has disconnected|Process crashed|probably crashed/,
  () => [
    {
      id: 'headless/browser-gone',
      // Of the reports collected, the browser had crashed (a hosted sandbox down, a Chromium that could not
      // start) or was starved (too many pages for a small machine's memory), and one was the library missing a
      // dropped connection until the next command. Code that closed the page itself says the same.
      pattern:
        /\bProtocol error \([\w.]{1,60}\): (?:Target|Session) closed\b|\bTargetCloseError\b|\bTarget(?: page, context or browser)? has been closed\b|\bbrowser has disconnected\b/,
      observer: 'client',
      rank: 3,
      causes: { 'server-crash': 2.2, overload: 1, other: 0.4 },
      says: 'the browser that Puppeteer or Playwright drives went away under a command: it crashed or was killed (memory, too many pages at once, /dev/shm in a container), or the code closed the page first',
      example: 'Error: Protocol error (Page.navigate): Target closed.',
    },
    {
      // Appium proxies each command to a server on the device (UiAutomator2, Espresso): a hang-up there comes
      // with Android's word that the instrumentation process crashed (an app or UiAutomator bug, the device low on
      // memory), or Appium's own that it is not running any more.
      id: 'appium/driver-crashed',
      pattern:
        /\bINSTRUMENTATION_(?:RESULT|STATUS): shortMsg=Process crashed\b|\bthe instrumentation process is not running \(probably crashed\)/,
      observer: 'client',
      rank: 3,
      causes: { 'server-crash': 3.5, overload: 0.4 },
      says: 'the driver Appium proxies to on the device crashed (the instrumentation process): its logcat says why; the session must be started again',
      example:
        '[Instrumentation] INSTRUMENTATION_RESULT: shortMsg=Process crashed.\n[WD Proxy] socket hang up',
    },
  ],
);

import { family } from './signature.js';

/**
 * Puppeteer and Playwright, and the browser they drive over a WebSocket (the DevTools protocol): the browser is
 * their server, and a command it never answers is that browser gone.
 */
export const headlessBrowsers = family(
  'headless-browsers',
  /(?:Target|Session) closed|TargetCloseError|has been closed|browser has disconnected/,
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
  ],
);

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertLinear } from '../test-support/linear-time.js';
import { diagnoseText } from './diagnose-text.js';
import { errorRecords } from './logs/records.js';
import { summarizeLog } from './logs/summary.js';
import {
  asWritten,
  withoutCodeIndent,
  withoutHtmlEntities,
  withoutQuoteMarks,
  withoutTerminalCodes,
} from './pasted-medium.js';

const UNDICI = [
  'TypeError: fetch failed',
  '    at node:internal/deps/undici/undici:13185:13',
  '  [cause]: SocketError: other side closed',
  '      at Socket.onSocketEnd (node:internal/deps/undici/undici:6128:26) {',
  "    code: 'UND_ERR_SOCKET',",
  '    socket: {',
  "      localAddress: '10.0.0.5',",
  '      bytesWritten: 412,',
  '      bytesRead: 0',
  '    }',
  '  }',
].join('\n');

/** The parts of a diagnosis a person reads: the code, who saw it, and the causes in order. */
const gist = (text: string) => {
  const d = diagnoseText(text);
  return { code: d.code, observer: d.observer, causes: d.causes.map((c) => c.id) };
};

test("a terminal's colour codes come off, in every form a paste keeps them", () => {
  const coloured = '\x1b[31merror\x1b[39m: \x1b[1mError: socket hang up\x1b[22m\n\x1b[90m    at x\x1b[39m';
  assert.equal(withoutTerminalCodes(coloured), 'error: Error: socket hang up\n    at x');
  // A hyperlink (OSC 8) and a window title keep only their visible text.
  assert.equal(
    withoutTerminalCodes('\x1b]8;;https://x.test/a\x07/a\x1b]8;;\x07 read ECONNRESET\x1b]0;title\x1b\\'),
    '/a read ECONNRESET',
  );
  // The ESC lost on the way, or shown as ^[ by less and cat -v.
  assert.equal(
    withoutTerminalCodes('[31mError: read ECONNRESET[39m\n[90m    at y[39m'),
    'Error: read ECONNRESET\n    at y',
  );
  assert.equal(withoutTerminalCodes('^[[31mError: read EPIPE^[[0m'), 'Error: read EPIPE');
});

test("what only looks like a colour code is the text's own", () => {
  // A timing, and one bracketed m: both left as they are.
  const timings = '[21ms]   socket 1 connected\n[3431ms] socket 2 connected\n[7500ms]   !! error ECONNRESET';
  assert.equal(withoutTerminalCodes(timings), timings);
  const one = 'rate [1m] exceeded: read ECONNRESET';
  assert.equal(withoutTerminalCodes(one), one);
});

test("a web page's character references are read; a bare & is left", () => {
  assert.equal(
    withoutHtmlEntities(
      'Error: connect ECONNREFUSED 127.0.0.1:3000 &gt; at &quot;x&quot; &#39;y&#x27; &amp;',
    ),
    `Error: connect ECONNREFUSED 127.0.0.1:3000 > at "x" 'y' &`,
  );
  const query = 'GET /a?x=1&amp;y=2 502';
  assert.equal(withoutHtmlEntities(query), query);
  // Out of range or a lone surrogate: left as written.
  assert.equal(withoutHtmlEntities('&#1114112; &#xD800; &lt;'), '&#1114112; &#xD800; <');
});

test('explain reads a coloured or an HTML-escaped paste as it reads the plain one', () => {
  const plain = gist(UNDICI);
  assert.equal(plain.code, 'NH_RESPONSE_HANGUP');
  const coloured = UNDICI.split('\n')
    .map((line) => (line.startsWith('  ') ? `\x1b[90m${line}\x1b[39m` : `\x1b[31m${line}\x1b[39m`))
    .join('\n');
  assert.deepEqual(gist(coloured), plain);
  const escaped = UNDICI.replace(/&/g, '&amp;')
    .replace(/'/g, '&#39;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  assert.deepEqual(gist(escaped), plain);
});

test("a coloured log's stack frames stay with their error", async () => {
  const log = [
    '\x1b[32minfo\x1b[39m: listening on 3000',
    '\x1b[31merror\x1b[39m: Error: read ECONNRESET',
    '\x1b[90m    at TCP.onStreamRead (node:internal/stream_base_commons:217:20)\x1b[39m',
    '\x1b[32minfo\x1b[39m: request completed',
  ].join('\n');
  const records = [];
  for await (const record of errorRecords([log])) records.push(record);
  assert.equal(records.length, 1);
  assert.equal(records[0]?.line, 2);
  assert.match(records[0]?.text ?? '', /TCP\.onStreamRead/);
  // The summary's example is shown in a terminal: without the log's own codes.
  const summary = await summarizeLog([log]);
  assert.equal(summary.total, 1);
  assert.equal(
    summary.groups[0]?.example,
    'error: Error: read ECONNRESET\n    at TCP.onStreamRead (node:internal/stream_base_commons:217:20)',
  );
});

test("a Markdown quote's markers come off a quoted error; a prompt and curl's request lines keep theirs", () => {
  const quoted = UNDICI.split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  assert.equal(withoutQuoteMarks(quoted), UNDICI);
  // An empty quoted line is '>' alone; markers may sit up to three spaces in.
  assert.equal(
    withoutQuoteMarks('> Error: read ECONNRESET\n>\n   >     at TCP.onStreamRead'),
    'Error: read ECONNRESET\n\n    at TCP.onStreamRead',
  );
  for (const kept of [
    '> node server.js\nError: listen EADDRINUSE: address already in use :::3000',
    "$ curl -v 'http://localhost:8080?a=b &c=d'\n> GET /?a=b &c=d HTTP/1.1\n> Host: localhost:8080\n>\ncurl: (52) Empty reply from server",
    'if (a > b) return;\n>= 2 retries',
  ])
    assert.equal(withoutQuoteMarks(kept), kept);
  const plain = diagnoseText(UNDICI, { learned: false });
  const asQuoted = diagnoseText(quoted, { learned: false });
  assert.deepEqual([asQuoted.code, asQuoted.signatures], [plain.code, plain.signatures]);
});

test("Markdown's indented code block comes back to the margin; a stack's frames keep their indent", () => {
  const words = 'Our pods call the payments API through the mesh and this shows up a few times an hour:';
  const block = UNDICI.split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  assert.equal(withoutCodeIndent(`${words}\n\n${block}`), `${words}\n\n${UNDICI}`);
  const alb =
    '    http 2024-11-30T10:00:00.123456Z app/prod/50dc6c495c0c9188 10.0.3.9:2817 10.0.1.5:3000 0.000 -1 -1 502 - 34 366 "GET http://a.example:80/ HTTP/1.1" "curl/8.0" - -';
  assert.equal(withoutCodeIndent(`${words}\n\n${alb}`), `${words}\n\n${alb.trimStart()}`);
  const frames =
    'Error: read ECONNRESET\n\n    at TCP.onStreamRead (node:internal/stream_base_commons:217:20)';
  assert.equal(withoutCodeIndent(frames), frames);
  assert.deepEqual(gist(`${words}\n\n${block}`), gist(`${words}\n\n${UNDICI}`));
});

test('undoing the medium runs in linear time on 1 MiB adversarial lines', () => {
  assertLinear('indented blocks', '    x\n\t y\n\n    at z', asWritten);
  assertLinear('quote marks', '> GET / x HTTP/\n>  > x', asWritten);
  assertLinear('terminal codes', '\x1b[31;1;4merror\x1b]8;;x\x07^[[0m[1m', asWritten);
  assertLinear('bare colour codes', '[31m[1;2;3;4;5;6;7;8;9m[m', asWritten);
  assertLinear('character references', '&#1234567&#x12345&lt;&gt', asWritten);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAUSE_IDS } from './codes.js';
import { FIX_TABLE, FIXES, fixesFor } from './fixes.js';

test('each cause names the nohangup call that fixes it, with a line of code, next to the plain-Node fix', () => {
  for (const cause of CAUSE_IDS) {
    const fixes = FIX_TABLE[cause];
    assert.ok(fixes.length > 0, cause);
    for (const fix of fixes) assert.ok(fix.plain.length > 20, `${cause}: no plain-Node fix`);
    assert.ok(fixes[0]?.nohangup, `${cause}: no nohangup call named`);
    // 'other' (a bug elsewhere) and 'tls-failure' (certificates) have no one-line toolkit fix: they say so.
    if (cause !== 'other' && cause !== 'tls-failure')
      assert.ok(
        fixes.some(
          (f) =>
            f.code &&
            /\b(install|createAgent|createDispatcher|request|harden|allowLongRequest|requestSignal)\b/.test(
              f.code,
            ),
        ),
        `${cause}: no line of code`,
      );
    for (const line of FIXES[cause]) assert.match(line, /Plain Node: /);
  }
});

test('no fix contradicts the retry rule', () => {
  assert.match(FIXES['connect-refused'].join(' '), /any method is safe/);
  for (const cause of ['keepalive-race', 'server-crash', 'body-truncated'] as const) {
    const text = FIXES[cause].join(' ');
    assert.doesNotMatch(
      text,
      /re-?send (?:any|every|all|the POST)|retry (?:any|every|all) (?:request|method)/i,
      cause,
    );
  }
  assert.match(FIXES['keepalive-race'].join(' '), /never blindly re-send a POST/);
});

test("a balancer's idle mismatch points at nohangup probe, to measure the app's close before changing it", () => {
  assert.match(FIXES['lb-idle-mismatch'].join('\n'), /nohangup probe http:\/\/app:3000\/ --behind aws-alb/);
});

test('fixesFor() takes the fixes of the likeliest causes first, without repeats', () => {
  const fixes = fixesFor([{ id: 'lb-idle-mismatch' }, { id: 'keepalive-race' }]);
  assert.match(fixes[0] ?? '', /behind/);
  assert.equal(new Set(fixes).size, fixes.length);
});

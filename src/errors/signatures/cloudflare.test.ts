import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnoseText } from '../diagnose-text.js';

test("Cloudflare's 524 as a browser console or an app prints the bare status is the origin's slow answer", () => {
  for (const text of [
    // A browser console line and an app's own message (a report in fixtures/corpus/pending, fresh227).
    'POST https://example.com/api/preview 524\nPreview generation failed: Error: Preview failed: 524',
    'Error: Request failed with status code 524',
  ]) {
    const d = diagnoseText(text, { learned: false });
    assert.ok(d.signatures.includes('cloudflare/524'), `${text}: ${d.signatures.join()}`);
    assert.equal(d.causes[0]?.id, 'server-timeout', text);
  }
  // Line and column numbers in a stack are not a status.
  const stack = diagnoseText('Error: socket hang up\n    at Socket.emit (node:events:524:28)', {
    learned: false,
  });
  assert.ok(!stack.signatures.includes('cloudflare/524'), stack.signatures.join());
});

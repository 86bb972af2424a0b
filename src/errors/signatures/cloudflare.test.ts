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

// A Logpush record names the edge's status in a field of its own; OriginResponseStatus 0 is no answer at all.
test("Cloudflare's Logpush records read as the same 52x statuses their pages name", () => {
  const record = (status: number) =>
    `{"ClientRequestHost":"api.example.com","ClientRequestMethod":"GET","ClientRequestURI":"/orders","EdgeResponseStatus":${status},"OriginResponseStatus":0,"EdgeStartTimestamp":"2024-11-30T10:00:03Z"}`;
  for (const [status, signature] of [
    [520, 'cloudflare/520'],
    [521, 'cloudflare/521'],
    [522, 'cloudflare/522'],
    [523, 'cloudflare/523'],
    [524, 'cloudflare/524'],
    [526, 'cloudflare/525-526'],
  ] as const) {
    const d = diagnoseText(record(status), { learned: false });
    assert.ok(d.signatures.includes(signature), `${status}: ${d.signatures.join()}`);
    assert.equal(d.observer, 'platform');
  }
  // An edge status of 200 is a served request, not an error.
  assert.ok(
    !diagnoseText(record(200), { learned: false }).signatures.some((s) => s.startsWith('cloudflare/')),
  );
});

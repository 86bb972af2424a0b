import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnoseText } from '../diagnose-text.js';

// Deno's fetch (hyper underneath) as two reports pasted it (fixtures/corpus/pending, fresh225): a reset in the
// connect phase is a refused handshake, not a pooled socket the server had closed.
test("a Rust client's reset while connecting is the handshake refused, not the keep-alive race", () => {
  for (const text of [
    'error trying to connect: Connection reset by peer (os error 104)',
    'error: Uncaught (in promise) TypeError: error sending request for url (https://www.example.com/): client error (Connect): Connection reset by peer (os error 104)\n    at async mainFetch (ext:deno_fetch/26_fetch.js:192:12)',
  ]) {
    const d = diagnoseText(text, { learned: false });
    assert.ok(d.signatures.includes('rust/reset-while-connecting'), d.signatures.join());
    assert.equal(d.code, 'NH_TLS_FAILURE', text);
    const ids = d.causes.map((c) => c.id);
    assert.equal(ids[0], 'tls-failure', ids.join(' > '));
    assert.ok(!ids.slice(0, 3).includes('keepalive-race'), ids.join(' > '));
  }
  // Sending on a connection already open is still read as before.
  const sent = diagnoseText('error sending request for url (http://127.0.0.1:4102/v1/responses)', {
    learned: false,
  });
  assert.equal(sent.causes[0]?.id, 'keepalive-race');
});

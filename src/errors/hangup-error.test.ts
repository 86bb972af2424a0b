import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toHangupError } from './classify.js';
import { CODES, HANGUP_CODES } from './codes.js';
import { explain } from './explain.js';
import {
  createHangupError,
  errorClasses,
  HangupError,
  ResponseHangupError,
  StaleSocketError,
} from './hangup-error.js';

describe('HangupError', () => {
  test('one class per code, generated from the table, each with its code, phase and side', () => {
    assert.equal(HANGUP_CODES.length, 16);
    for (const code of HANGUP_CODES) {
      const err = createHangupError(code);
      assert.ok(err instanceof HangupError);
      assert.ok(err instanceof errorClasses[code]);
      assert.equal(err.code, code);
      assert.equal(err.name, CODES[code].name);
      assert.equal(err.phase, CODES[code].phase);
      assert.equal(err.side, CODES[code].side);
    }
  });

  test('instanceof checks the code, and works across copies of the package by brand', () => {
    const stale = new StaleSocketError();
    assert.ok(stale instanceof StaleSocketError);
    assert.ok(!(stale instanceof ResponseHangupError));
    const fromOtherCopy = Object.assign(Object.create(Error.prototype), { code: 'NH_STALE_SOCKET' });
    Object.defineProperty(fromOtherCopy, Symbol.for('nohangup.HangupError'), { value: true });
    assert.ok(fromOtherCopy instanceof HangupError);
    assert.ok(fromOtherCopy instanceof StaleSocketError);
    assert.ok(!(new Error('x') instanceof HangupError));
  });

  test('toHangupError wraps a raw error, keeps it as cause, and serialises to JSON', () => {
    const raw = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const err = toHangupError(raw, { method: 'GET', reused: true, idleMs: 5003, keepAliveHintMs: 5000 });
    assert.ok(err instanceof StaleSocketError);
    assert.equal(err.cause, raw);
    assert.equal(err.retrySafe, true);
    assert.equal(err.socket.idleMs, 5003);
    const json = JSON.parse(JSON.stringify(err));
    assert.equal(json.code, 'NH_STALE_SOCKET');
    assert.equal(json.cause.code, 'ECONNRESET');
    assert.equal(toHangupError(err), err, 'already classified errors pass through');
  });

  test('explain() renders code, retry verdict, ranked causes with evidence, and fixes', () => {
    const raw = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const text = explain(raw, { method: 'GET', reused: true, idleMs: 5003, keepAliveHintMs: 5000 });
    assert.match(text, /^NH_STALE_SOCKET: /);
    assert.match(text, /retry safe: yes \(GET is idempotent/);
    assert.match(text, /1\. keepalive-race \(\d+%\)/);
    assert.match(text, /idle 5003 ms against a Keep-Alive hint of 5000 ms/);
    assert.match(text, /What to do:\n {2}\* /);
  });
});

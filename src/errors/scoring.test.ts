import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rankCauses, roundShares } from './scoring.js';

describe('rankCauses', () => {
  test("a weak 'other' keeps the place its share gives it, like any cause, and names its evidence", () => {
    const ranked = rankCauses([
      { causes: { other: 1 }, says: 'a library is named' },
      { causes: { 'keepalive-race': 0.7, 'server-timeout': 0.6 }, says: 'a reset on a reused socket' },
    ]);
    assert.deepEqual(
      ranked.map((c) => c.id),
      ['other', 'keepalive-race', 'server-timeout'],
    );
    assert.ok((ranked[0]?.likelihood ?? 0) <= 0.2, `share ${ranked[0]?.likelihood}`);
    assert.deepEqual(ranked[0]?.evidence, ['a library is named']);
    const shares = ranked.map((c) => c.likelihood);
    assert.deepEqual(
      shares,
      [...shares].sort((a, b) => b - a),
    );
  });

  test('a cause ruled out is never listed first, whatever its evidence', () => {
    const ranked = rankCauses(
      [{ causes: { 'keepalive-race': 3, 'server-timeout': 1 }, says: 'a reused socket' }],
      [{ cause: 'keepalive-race', says: 'the connection was new' }],
    );
    assert.equal(ranked[0]?.id, 'server-timeout');
  });

  test("'other' is always among the first three, at the third's share, unless a fact ruled it out", () => {
    const evidence = [
      {
        causes: { 'keepalive-race': 2, 'server-timeout': 1.5, 'lb-idle-mismatch': 1.2, overload: 1 },
        says: 'a',
      },
    ];
    const ranked = rankCauses(evidence);
    assert.deepEqual(
      ranked.slice(0, 4).map((c) => c.id),
      ['keepalive-race', 'server-timeout', 'other', 'lb-idle-mismatch'],
    );
    // Raised to the third's weight, so the shares still fall down the list and sum to at most one.
    const shares = ranked.map((c) => c.likelihood);
    assert.deepEqual(
      shares,
      [...shares].sort((a, b) => b - a),
    );
    assert.ok(shares.reduce((a, b) => a + b, 0) <= 1.0001);
    assert.match(ranked[2]?.evidence.join() ?? '', /always one of the three to check/);
    // A short list gains it at its end; a ruled-out 'other' is not brought back.
    const short = rankCauses([{ causes: { 'tls-failure': 4 }, says: 'a certificate' }]);
    assert.deepEqual(
      short.map((c) => c.id),
      ['tls-failure', 'other'],
    );
    assert.ok((short[1]?.likelihood ?? 0) >= 0.02, `share ${short[1]?.likelihood}`);
    const ruled = rankCauses(evidence, [{ cause: 'other', says: 'nothing else ran' }]);
    assert.ok(!ruled.slice(0, 3).some((c) => c.id === 'other'), ruled.map((c) => c.id).join());
  });

  test('shares in whole hundredths never sum past 100', () => {
    assert.deepEqual(roundShares([0.335, 0.335, 0.33]), [34, 33, 33]);
    assert.ok(roundShares([0.5, 0.25, 0.25]).reduce((a, b) => a + b, 0) <= 100);
  });
});

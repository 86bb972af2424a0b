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

  test('shares in whole hundredths never sum past 100', () => {
    assert.deepEqual(roundShares([0.335, 0.335, 0.33]), [34, 33, 33]);
    assert.ok(roundShares([0.5, 0.25, 0.25]).reduce((a, b) => a + b, 0) <= 100);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rankCauses, YIELDED } from './scoring.js';

describe('rankCauses', () => {
  const weak = [
    { causes: { other: 1 }, says: 'a library is named' },
    { causes: { 'keepalive-race': 0.7, 'server-timeout': 0.6 }, says: 'a reset on a reused socket' },
  ];

  test("a weak 'other' yields first place to the likeliest named cause when asked, its share unchanged", () => {
    const plain = rankCauses(weak);
    assert.deepEqual(
      plain.map((c) => c.id),
      ['other', 'keepalive-race', 'server-timeout'],
    );
    const other = plain[0];
    assert.ok(other && other.likelihood <= 0.2, `share ${other?.likelihood}`);
    assert.ok(!other.evidence.includes(YIELDED));

    const yielded = rankCauses(weak, [], { residualYields: true });
    assert.deepEqual(
      yielded.map((c) => c.id),
      ['keepalive-race', 'other', 'server-timeout'],
    );
    assert.deepEqual(
      yielded.map((c) => c.likelihood),
      [plain[1]?.likelihood, other.likelihood, plain[2]?.likelihood],
    );
    assert.equal(yielded[1]?.evidence.at(-1), YIELDED);
  });

  test("a strong 'other' keeps first place, and a named cause never yields", () => {
    const strong = [{ causes: { other: 4, 'keepalive-race': 1 }, says: 'a known regression' }];
    const ranked = rankCauses(strong, [], { residualYields: true });
    assert.equal(ranked[0]?.id, 'other');
    assert.ok((ranked[0]?.likelihood ?? 0) > 0.3);
    const named = [{ causes: { 'server-timeout': 1, other: 0.7 }, says: 'a timeout' }];
    assert.equal(rankCauses(named, [], { residualYields: true })[0]?.id, 'server-timeout');
  });

  test("'other' alone has nothing to yield to", () => {
    const alone = rankCauses([{ causes: { other: 0.5 }, says: 'only this' }], [], { residualYields: true });
    assert.deepEqual(
      alone.map((c) => c.id),
      ['other'],
    );
  });
});

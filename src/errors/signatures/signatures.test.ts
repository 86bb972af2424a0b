import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertLinear } from '../../test-support/linear-time.js';
import { patternSamples } from '../../test-support/pattern-samples.js';
import { classify } from '../classify.js';
import { CAUSE_IDS, CODES } from '../codes.js';
import { triggered } from '../logs/trigger.js';
import { SIGNATURES } from './all.js';
import { SPOKEN_FAMILIES, TOOL_FAMILIES } from './index.js';

const families = [...TOOL_FAMILIES, ...SPOKEN_FAMILIES];

describe('the signature table', () => {
  test('ids are unique; codes and causes exist; every entry says what it means', () => {
    const ids = SIGNATURES.map((s) => s.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
    assert.ok(SIGNATURES.length >= 200, `${SIGNATURES.length} signatures`);
    for (const s of SIGNATURES) {
      if (s.code) assert.ok(Object.hasOwn(CODES, s.code), `${s.id}: unknown code ${s.code}`);
      for (const cause of Object.keys(s.causes))
        assert.ok((CAUSE_IDS as string[]).includes(cause), `${s.id}: unknown cause ${cause}`);
      assert.ok(s.says.length > 10, `${s.id}: says nothing`);
      assert.ok(!s.pattern.global && !s.pattern.sticky, `${s.id}: a g/y flag would make exec stateful`);
      // A misspelt id would make the evidence silently never apply.
      for (const other of s.withSignatures?.ids ?? [])
        assert.ok(ids.includes(other), `${s.id}: withSignatures names no signature ${other}`);
      for (const other of s.explains ?? [])
        assert.ok(
          ids.includes(other) && other !== s.id,
          `${s.id}: explains names no other signature ${other}`,
        );
    }
  });

  test('each example matches its own pattern and passes its family gate', () => {
    for (const family of families)
      for (const s of family.signatures) {
        const example = s.spoken ? s.example.toLowerCase() : s.example;
        assert.ok(s.pattern.test(example), `${s.id}: its example does not match`);
        assert.ok(!family.gate || family.gate.test(example), `${s.id}: the ${family.name} gate hides it`);
      }
  });

  test('spoken patterns are lowercase (they read lowercased notes) and their examples hold a needle', () => {
    for (const family of SPOKEN_FAMILIES)
      for (const s of family.signatures) {
        assert.ok(!s.pattern.ignoreCase && !/(?<!\\)[A-Z]/.test(s.pattern.source), `${s.id}: not lowercase`);
        assert.ok(
          s.needles?.some((n) => s.example.toLowerCase().includes(n)),
          `${s.id}: no needle in its example`,
        );
      }
    for (const s of SIGNATURES)
      if (s.needles) assert.ok(s.needles.every((n) => n === n.toLowerCase() || !s.spoken));
  });

  test('a family gate and the needles let through every way a pattern can match (a sample per branch)', () => {
    let checked = 0;
    for (const family of families)
      for (const s of family.signatures) {
        const samples = patternSamples(s.pattern).filter((sample) => s.pattern.test(sample));
        assert.ok(samples.length > 0, `${s.id}: no sample of the pattern matches it`);
        for (const sample of samples) {
          checked++;
          assert.ok(
            !family.gate || family.gate.test(sample),
            `${s.id}: the ${family.name} gate hides ${JSON.stringify(sample)}`,
          );
          assert.ok(
            !s.needles || s.needles.some((n) => sample.includes(n)),
            `${s.id}: no needle in ${JSON.stringify(sample)}`,
          );
        }
      }
    assert.ok(checked > 900, `${checked} samples`);
  });

  test("every tool text passes the log trigger (frames and curl -v lines are read with their record's head)", () => {
    for (const family of TOOL_FAMILIES)
      for (const s of family.signatures) {
        // Stack frames and curl -v protocol lines come under a line that triggers (the error, `curl: (52)`). curl's
        // `* ` info lines too; a transcript that stalls with no error line at all (curl/stalled-after-client-hello)
        // is a paste to read whole, not a log line to find.
        if (/^\s*at |^[<>*] /.test(s.example)) continue;
        assert.ok(triggered(s.example), `${s.id}: the trigger would skip "${s.example}"`);
      }
  });

  test('classify() finds each tool example, and takes its observer and code when it is the only text', () => {
    for (const family of TOOL_FAMILIES)
      for (const s of family.signatures) {
        const d = classify({ message: s.example }, { text: s.example });
        assert.ok(
          d.signatures.includes(s.id),
          `${s.id} not found in its own example (found ${d.signatures})`,
        );
        if (s.code && s.rank === 3 && s.observer && s.observer !== 'client')
          assert.equal(d.observer, s.observer, `${s.id}: observer`);
      }
  });

  test('every pattern runs in linear time on 1 MiB adversarial lines', () => {
    for (const s of SIGNATURES) {
      const sample = s.spoken ? s.example.toLowerCase() : s.example;
      assertLinear(s.id, sample, (text) => s.pattern.exec(text));
    }
  });
});

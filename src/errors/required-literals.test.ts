import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { patternSamples } from '../test-support/pattern-samples.js';
import { literalsTable, requiredLiterals } from './required-literals.js';
import {
  formatLiterals,
  GATES,
  gateLiteralsOf,
  literalsOf,
  literalsPath,
  parseLiterals,
} from './scan-literals.js';
import { SIGNATURES } from './signatures/all.js';
import { SPOKEN_FAMILIES, TOOL_FAMILIES } from './signatures/index.js';

const sorted = (xs: readonly string[] | undefined) => (xs ? [...xs].sort() : xs);

describe('required literals', () => {
  test('reads literals, classes, alternations, optional parts and case-insensitive patterns', () => {
    assert.deepEqual(sorted(requiredLiterals(/socket hang up/)), ['socket hang up']);
    assert.deepEqual(sorted(requiredLiterals(/[Uu]nexpected end/)), ['Unexpected end', 'unexpected end']);
    assert.deepEqual(sorted(requiredLiterals(/\bECONN(?:RESET|REFUSED)\b/)), ['ECONNREFUSED', 'ECONNRESET']);
    // The open part (\d+) splits the pattern; the longer side is the better filter.
    assert.deepEqual(requiredLiterals(/H\d+ Request timeout/), [' Request timeout']);
    // Each branch must give something: one with no literal of three characters leaves the pattern unfiltered.
    assert.equal(requiredLiterals(/upstream timed out|\d+ms/), undefined);
    assert.deepEqual(sorted(requiredLiterals(/Premature close/i)), ['premature close']);
    // An optional piece needs nothing: what it leaves is still required.
    assert.deepEqual(requiredLiterals(/(?:read )?ECONNRESET/), ['ECONNRESET']);
    // Lookarounds and anchors match no text.
    assert.deepEqual(requiredLiterals(/^(?!.*ok)terminated$/m), ['terminated']);
  });

  test('syntax it does not read leaves a pattern unfiltered', () => {
    assert.equal(requiredLiterals(/(a)\1/), undefined);
    assert.equal(requiredLiterals(/\p{L}abc/u), undefined);
    assert.equal(requiredLiterals(/\x41bcd/), undefined);
    assert.equal(requiredLiterals(/ab/), undefined, 'too short to filter');
  });

  test('every sample of every signature pattern holds one of its literals', () => {
    let checked = 0;
    for (const s of SIGNATURES) {
      const literals = requiredLiterals(s.pattern);
      if (!literals) continue;
      for (const sample of patternSamples(s.pattern)) {
        if (!s.pattern.test(sample)) continue;
        const text = s.pattern.ignoreCase ? sample.toLowerCase() : sample;
        assert.ok(
          literals.some((l) => text.includes(l)),
          `${s.id}: ${JSON.stringify(sample)} holds none of ${JSON.stringify(literals)}`,
        );
        checked++;
      }
    }
    assert.ok(checked > 900, `${checked} samples`);
  });

  test('sound on generated patterns and the strings they match (a property test)', () => {
    // A small grammar of the syntax the tables use; a seeded generator, so a failure repeats.
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const words = ['ab', 'abc', 'Abcd', 'bca', 'cab ', 'c-a', 'a.b'];
    type Gen = { source: string; sample: () => string };
    const gen = (depth: number): Gen => {
      const pick = random(depth > 2 ? 4 : 9);
      if (pick === 0) {
        const w = words[random(words.length)] as string;
        return { source: w.replace(/[.]/g, '\\.'), sample: () => w };
      }
      if (pick === 1) return { source: '[aAb]', sample: () => 'aAb'[random(3)] as string };
      if (pick === 2) return { source: '\\d', sample: () => String(random(10)) };
      if (pick === 3) return { source: '\\b', sample: () => '' };
      if (pick === 4) {
        const parts = [gen(depth + 1), gen(depth + 1), gen(depth + 1)];
        return {
          source: parts.map((p) => p.source).join(''),
          sample: () => parts.map((p) => p.sample()).join(''),
        };
      }
      if (pick === 5) {
        const branches = [gen(depth + 1), gen(depth + 1), gen(depth + 1)];
        return {
          source: `(?:${branches.map((b) => b.source).join('|')})`,
          sample: () => (branches[random(3)] as Gen).sample(),
        };
      }
      const inner = gen(depth + 1);
      const [quantifier, min, max] = (
        [
          ['?', 0, 1],
          ['*', 0, 3],
          ['+', 1, 3],
          ['{2,3}', 2, 3],
        ] as const
      )[pick - 6] ?? ['{1}', 1, 1];
      return {
        source: `(?:${inner.source})${quantifier}`,
        sample: () => {
          let out = '';
          const n = min + random(max - min + 1);
          for (let k = 0; k < n; k++) out += inner.sample();
          return out;
        },
      };
    };
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const g = gen(0);
      const flags = random(3) === 0 ? 'i' : '';
      const pattern = new RegExp(g.source, flags);
      const literals = requiredLiterals(pattern);
      if (!literals) continue;
      for (let k = 0; k < 5; k++) {
        const sample = `x ${g.sample()} y`;
        if (!pattern.test(sample)) continue;
        const text = flags ? sample.toLowerCase() : sample;
        assert.ok(
          literals.some((l) => text.includes(l)),
          `/${g.source}/${flags} matches ${JSON.stringify(sample)}, which holds none of ${JSON.stringify(literals)}`,
        );
        checked++;
      }
    }
    assert.ok(checked > 1000, `${checked} samples`);
  });

  test('the stored table is ASCII and reads back as written, whatever characters a literal holds', () => {
    const table = { f: { 'f/a': ['\u2018quoted\u2019', 'tab\there', 'caf\u00e9'] }, [GATES]: { f: ['x'] } };
    const stored = formatLiterals(table);
    assert.doesNotMatch(stored, /[^\0-\x7f]/);
    assert.deepEqual(parseLiterals(Buffer.from(stored).toString('latin1')), table);
  });

  test('the table the build wrote is the one the patterns give today', () => {
    const table = parseLiterals(readFileSync(literalsPath(), 'latin1'));
    const fresh = literalsTable([...TOOL_FAMILIES, ...SPOKEN_FAMILIES]);
    assert.deepEqual(table, fresh);
    const gates = fresh[GATES] as Record<string, string[]>;
    const kept = Object.entries(table)
      .filter(([name]) => name !== GATES)
      .reduce((n, [, ids]) => n + Object.keys(ids).length, 0);
    // Most gates have literals to look for before they are compiled.
    assert.ok(Object.keys(gates).length > 0.7 * TOOL_FAMILIES.length, Object.keys(gates).join());
    for (const family of TOOL_FAMILIES) assert.deepEqual(gateLiteralsOf(family.name), gates[family.name]);
    assert.ok(kept > 0.8 * SIGNATURES.length, `${kept} of ${SIGNATURES.length}`);
    // Every id is found under its family, as scanText asks for it.
    for (const family of TOOL_FAMILIES)
      for (const s of family.signatures)
        assert.deepEqual(literalsOf(family.name, s.id), fresh[family.name]?.[s.id]);
  });
});

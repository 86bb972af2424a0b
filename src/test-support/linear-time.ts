import assert from 'node:assert/strict';

/** Texts that make a backtracking pattern go quadratic: the sample repeated, its unfinished prefix, ... */
export function adversarialTexts(sample: string, size: number): Record<string, string> {
  const repeatTo = (s: string) => s.repeat(Math.ceil(size / Math.max(1, s.length))).slice(0, size);
  const half = sample.slice(0, Math.ceil(sample.length / 2));
  return {
    whole: repeatTo(`${sample} `),
    prefix: repeatTo(half),
    spaces: `${half}${' '.repeat(size)}${sample.slice(half.length)}`,
    alphabet: repeatTo([...new Set(sample)].join('')),
  };
}

const SMALL = 256 * 1024;
const LARGE = 1024 * 1024;

/**
 * Asserts that `work` grows linearly with its input: 4x the input may take at most 8x the time (quadratic
 * would be 16x), plus a fixed allowance for timer noise on a busy machine, and never more than 3 s for 1 MB.
 */
export function assertLinear(label: string, sample: string, work: (text: string) => unknown): void {
  const small = adversarialTexts(sample, SMALL);
  const large = adversarialTexts(sample, LARGE);
  for (const variant of Object.keys(small)) {
    // A busy machine (a build beside the tests, a loaded CI runner) stretches single runs; a quadratic pattern
    // stays slow in every run, so a sizing that looks too slow is measured again, at most twice, and the fastest
    // run of each size is judged.
    let smallMs = Number.POSITIVE_INFINITY;
    let largeMs = Number.POSITIVE_INFINITY;
    const linear = () => largeMs <= smallMs * 8 + 60 && largeMs < 3_000;
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      work(small[variant] as string);
      const t1 = performance.now();
      work(large[variant] as string);
      const t2 = performance.now();
      smallMs = Math.min(smallMs, t1 - t0);
      largeMs = Math.min(largeMs, t2 - t1);
      if (linear()) break;
    }
    assert.ok(
      linear(),
      `${label} (${variant}): 256 KiB took ${smallMs.toFixed(1)} ms, 1 MiB ${largeMs.toFixed(1)} ms: not linear`,
    );
  }
}

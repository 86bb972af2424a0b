import assert from 'node:assert/strict';

/** The probe's promise (issue 16): within ±5 % or ±100 ms of the truth, whichever is larger. */
export function assertNear(label: string, measured: number | null, expected: number): void {
  assert.ok(measured !== null, `${label}: not measured`);
  const tolerance = Math.max(expected * 0.05, 100);
  assert.ok(
    Math.abs(measured - expected) <= tolerance,
    `${label}: measured ${measured} ms, expected ${expected} ± ${tolerance} ms`,
  );
}

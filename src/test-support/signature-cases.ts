import assert from 'node:assert/strict';
import { diagnoseText } from '../errors/diagnose-text.js';

/** A text, the signature that must read it, and the cause the rules alone must then put first. */
export type SignatureCase = readonly [text: string, signature: string, cause: string];

/** Asserts each text is read by its signature and ranked with its cause first (the rules alone, no words). */
export function assertReadings(cases: readonly SignatureCase[]): void {
  for (const [text, signature, cause] of cases) {
    const d = diagnoseText(text, { learned: false });
    assert.ok(d.signatures.includes(signature), `${text}: ${d.signatures.join()}`);
    assert.equal(d.causes[0]?.id, cause, `${text}: ${d.causes.map((c) => c.id).join(' > ')}`);
  }
}

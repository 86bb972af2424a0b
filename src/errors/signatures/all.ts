import { type Signature, SPOKEN_FAMILIES, TOOL_FAMILIES } from './index.js';

/**
 * Every signature, in table order. A module of its own: reading it makes every family's table, which `explain`
 * does only for the families whose gates a text passes (family() in signature.ts).
 */
export const SIGNATURES: readonly Signature[] = [...TOOL_FAMILIES, ...SPOKEN_FAMILIES].flatMap(
  (f) => f.signatures,
);

import { classify } from './classify.js';
import { parsePastedError } from './pasted-text.js';
import type { ClassifyContext, Diagnosis } from './types.js';

export interface DiagnoseTextOptions {
  /** What the person knows around it ("behind an ALB", "after each deploy"), added to the words in the text. */
  notes?: string;
  /** Anything else the caller knows (method, timeouts in play). */
  context?: ClassifyContext;
}

/** Diagnoses one pasted report: the error text, its stack and fields, and the words around it. */
export function diagnoseText(text: string, options: DiagnoseTextOptions = {}): Diagnosis {
  return diagnoseReport(text, options).diagnosis;
}

/**
 * As diagnoseText, and whether the text holds an error at all: something a tool wrote (a known signature, an
 * error header, a code) or a failing status. Words alone ("it is slow") are not an error.
 */
export function diagnoseReport(
  text: string,
  options: DiagnoseTextOptions = {},
): { diagnosis: Diagnosis; found: boolean } {
  const { error, context } = parsePastedError(text);
  const notes = [context.notes, options.notes].filter(Boolean).join('\n');
  const diagnosis = classify(error, { ...context, ...options.context, ...(notes ? { notes } : {}) });
  const found =
    diagnosis.signatures.length > 0 ||
    typeof error.code === 'string' ||
    typeof error.name === 'string' ||
    (context.reportedStatus ?? 0) >= 400;
  return { diagnosis, found };
}

/** True when a text holds an error (see diagnoseReport). */
export function containsError(text: string): boolean {
  return diagnoseReport(text).found;
}

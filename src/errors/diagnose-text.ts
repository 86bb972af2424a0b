import { classifyWith, type Weighed, weighEvidence } from './classify.js';
import { statesError, statesErrorOnAnyLine } from './error-statement.js';
import { asWritten } from './pasted-medium.js';
import { parsePastedError } from './pasted-text.js';
import { withoutLineLabels } from './process-prefixes.js';
import { onlyRoutineLines, withoutRoutineLines } from './routine-lines.js';
import { learnedEvidence } from './signatures/words/learned.js';
import type { ClassifyContext, Diagnosis } from './types.js';

export interface DiagnoseTextOptions {
  /** What the person knows around it ("behind an ALB", "after each deploy"), added to the words in the text. */
  notes?: string;
  /** Anything else the caller knows (method, timeouts in play). */
  context?: ClassifyContext;
  /**
   * false: the written rules alone, without the words learned from settled reports (signatures/words/learned.ts).
   * For comparing the two; the default reads both.
   */
  learned?: boolean;
}

/** Diagnoses one pasted report: the error text, its stack and fields, and the words around it. */
export function diagnoseText(text: string, options: DiagnoseTextOptions = {}): Diagnosis {
  return diagnoseReport(text, options).diagnosis;
}

/**
 * As diagnoseText, and whether the text holds an error at all: something a tool wrote (a known signature, an
 * error header, a code) or a failing status (`found`), or else a message, or any line, that states a failure in
 * words (`stated`, error-statement.ts: "Failed to fetch", "unexpected EOF"). A single paste is an error when either
 * holds; a log record only when `found` does, since an application's own "login failed" lines are not the
 * network's. Words alone ("it is slow", a question) are neither. `onlyStatus`: the status that alone made it
 * `found`, with nothing a tool wrote beside it.
 */
export function diagnoseReport(
  pasted: string,
  options: DiagnoseTextOptions = {},
): { diagnosis: Diagnosis; found: boolean; onlyStatus?: number; stated: boolean } {
  const text = readable(pasted);
  const { error, context } = readReport(text, options);
  const read = withoutRoutineLines(text);
  const said = options.notes ? `${read}\n\n${options.notes}` : read;
  const diagnosis = classifyWith(error, context, options.learned === false ? [] : learnedEvidence(said));
  // A log line about normal work (nginx buffering a large response to disk, an idle connection ending) has
  // words that error lines have, and no error.
  const routine = onlyRoutineLines(text);
  const written =
    diagnosis.signatures.length > 0 || typeof error.code === 'string' || typeof error.name === 'string';
  const status = context.reportedStatus ?? 0;
  const found = !routine && (written || status >= 400);
  const message = error.message;
  return {
    diagnosis,
    found,
    ...(found && !written ? { onlyStatus: status } : {}),
    // Read only where a single paste is judged (the CLI's paste path, containsError): a log's records never need it.
    get stated() {
      return (
        !found &&
        !routine &&
        ((typeof message === 'string' && statesError(message)) || statesErrorOnAnyLine(text))
      );
    },
  };
}

/**
 * A paste as it was written and without the labels before its lines: a process manager's labels and a logger's
 * times come off here, not only in the parser, since the signatures and the learned words read the whole text
 * and 'api-1' is no word of the report's (the parser's own pass then finds nothing left to take).
 */
function readable(pasted: string): string {
  return withoutLineLabels(asWritten(pasted));
}

function readReport(text: string, options: DiagnoseTextOptions) {
  const { error, context } = parsePastedError(withoutRoutineLines(text));
  const notes = [context.notes, options.notes].filter(Boolean).join('\n');
  return { error, context: { ...context, ...options.context, ...(notes ? { notes } : {}) } };
}

/** The evidence the rules find in a pasted report, before the learned words: what scripts/learn-words.js fits on. */
export function weighReport(text: string, options: DiagnoseTextOptions = {}): Weighed {
  const { error, context } = readReport(readable(text), options);
  return weighEvidence(error, context);
}

/** True when a text, pasted alone, holds an error (see diagnoseReport). */
export function containsError(text: string): boolean {
  const { found, stated } = diagnoseReport(text);
  return found || stated;
}

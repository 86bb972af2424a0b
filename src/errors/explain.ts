import { classify } from './classify.js';
import type { ClassifyContext, Diagnosis } from './types.js';

function isDiagnosis(value: unknown): value is Diagnosis {
  return typeof value === 'object' && value !== null && 'causes' in value && 'retryReason' in value;
}

function socketLine(d: Diagnosis): string | undefined {
  const s = d.socket;
  const parts: string[] = [];
  if (s.reused !== undefined) parts.push(s.reused ? 'reused' : 'fresh');
  if (s.idleMs !== undefined) parts.push(`idle ${s.idleMs} ms`);
  if (s.bytesWritten !== undefined) parts.push(`${s.bytesWritten} B written`);
  if (s.bytesRead !== undefined) parts.push(`${s.bytesRead} B read`);
  if (s.localPort !== undefined && s.remotePort !== undefined)
    parts.push(`${s.localAddress ?? ''}:${s.localPort} -> ${s.remoteAddress ?? ''}:${s.remotePort}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** Wraps a long line for a terminal, indenting continuation lines. */
function wrap(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  const lead = /^ */.exec(text)?.[0] ?? '';
  let line = lead;
  // Whether the line holds more than spaces: asked once a word, so kept rather than trimming the line each time.
  let filled = false;
  for (const word of text.slice(lead.length).split(' ')) {
    const blank = word.trim() === '';
    if (filled && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `${indent}${word}`;
      filled = !blank;
    } else if (filled) line = `${line} ${word}`;
    else {
      line = `${line}${word}`;
      filled = !blank;
    }
  }
  if (filled) lines.push(line);
  return lines;
}

/** Renders a diagnosis (or classifies an error first) as plain text for a person. */
export function explain(diagnosisOrError: unknown, context?: ClassifyContext): string {
  const d = isDiagnosis(diagnosisOrError) ? diagnosisOrError : classify(diagnosisOrError, context);
  const raw = [d.raw.code, d.raw.message && `"${d.raw.message}"`].filter(Boolean).join(' ');
  const lines = [
    `${d.code}: ${d.title}`,
    ...wrap(
      `  seen by: ${d.observer}   phase: ${d.phase}   retry safe: ${d.retrySafe ? 'yes' : 'no'} (${d.retryReason})`,
      '    ',
    ),
  ];
  if (raw)
    lines.push(
      `  raw: ${raw}${d.raw.library && d.raw.library !== 'unknown' ? ` from ${d.raw.library}` : ''}`,
    );
  if (d.raw.chain.length > 1) lines.push(`  cause chain: ${d.raw.chain.join(' <- ')}`);
  const socket = socketLine(d);
  if (socket) lines.push(`  socket: ${socket}`);
  if (d.timings.elapsedMs !== undefined) lines.push(`  failed after: ${Math.round(d.timings.elapsedMs)} ms`);
  lines.push('', 'Likely causes:');
  d.causes.slice(0, 5).forEach((cause, i) => {
    lines.push(`  ${i + 1}. ${cause.id} (${Math.round(cause.likelihood * 100)}%)`);
    for (const why of cause.evidence) lines.push(...wrap(`       - ${why}`, '         '));
  });
  lines.push('', 'What to do:');
  for (const fix of d.fixes) lines.push(...wrap(`  * ${fix}`, '    '));
  return lines.join('\n');
}

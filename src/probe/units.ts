/** Durations as people write them on a command line: `90s`, `2m`, `1500ms`, or plain milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,9}(?:\.\d{1,3})?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const scale = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 'ms'] ?? 1;
  return Math.round(Number(match[1]) * scale);
}

/** `850 ms`, `2,501 ms`, `65.0 s`, `10.0 min`: the unit a person would pick. */
export function formatMs(ms: number): string {
  if (ms < 10_000) return `${Math.round(ms).toLocaleString('en-US')} ms`;
  if (ms < 600_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** A Keep-Alive header's `timeout=` in ms and `max=`; either null when absent. */
export function keepAliveHint(header: string | undefined): { timeoutMs: number | null; max: number | null } {
  const timeout = header === undefined ? null : /(?:^|[,;\s])timeout\s*=\s*(\d{1,9})/i.exec(header);
  const max = header === undefined ? null : /(?:^|[,;\s])max\s*=\s*(\d{1,9})/i.exec(header);
  return {
    timeoutMs: timeout ? Number(timeout[1]) * 1000 : null,
    max: max ? Number(max[1]) : null,
  };
}

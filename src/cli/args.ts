import { parseArgs } from 'node:util';
import type { Io } from './io.js';
import { UsageError } from './usage-error.js';

export interface OptionSpec {
  name: string;
  /** Placeholder for a value (`<words>`); an option without one is a boolean switch. */
  value?: string;
  description: string;
  default?: string;
  /** May be given several times; the command receives every value in order. */
  multiple?: boolean;
}

export type Flags = Record<string, string | boolean | string[] | undefined>;

export interface CommandSpec {
  name: string;
  /** Positional arguments as the usage line shows them: `[file]`, `[scenario...]`. */
  args?: string;
  description: string;
  options: OptionSpec[];
  subcommands?: CommandSpec[];
  /** More help after the options (examples, the toxic list); computed only when help is shown. */
  after?: () => string | Promise<string>;
  run: (positionals: string[], flags: Flags, io: Io) => Promise<number>;
}

const HELP: OptionSpec = { name: 'help', description: 'display help for command' };

function optionLabel(o: OptionSpec): string {
  return `${o.name === 'help' ? '-h, ' : ''}--${o.name}${o.value ? ` ${o.value}` : ''}`;
}

function wrap(text: string, indent: number, width = 80): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

function rows(entries: [string, string][]): string[] {
  const width = Math.max(...entries.map(([left]) => left.length)) + 2;
  return entries.map(([left, right]) => `  ${left.padEnd(width)}${wrap(right, width + 2)}`);
}

/** Help in the shape commander printed, so that scripts and habits keep working. */
export async function helpText(path: string, spec: CommandSpec): Promise<string> {
  const usage = `Usage: ${path}${spec.options.length > 0 ? ' [options]' : ''}${spec.subcommands ? ' [command]' : ''}${spec.args ? ` ${spec.args}` : ''}`;
  const out = [usage, '', spec.description, '', 'Options:'];
  out.push(
    ...rows(
      [...spec.options, HELP].map((o) => [
        optionLabel(o),
        `${o.description}${o.default !== undefined ? ` (default: "${o.default}")` : ''}`,
      ]),
    ),
  );
  if (spec.subcommands) {
    out.push('', 'Commands:');
    out.push(
      ...rows(
        spec.subcommands.map((c) => [
          `${c.name}${c.options.length > 0 ? ' [options]' : ''}${c.args ? ` ${c.args}` : ''}`,
          c.description,
        ]),
      ),
    );
  }
  if (spec.after) out.push('', await spec.after());
  return out.join('\n');
}

/**
 * Parses one command's arguments with node:util's parseArgs (strict: an unknown option, a missing value or
 * a surplus argument is a UsageError naming it) and runs it, or prints its help.
 */
export async function runCommand(path: string, spec: CommandSpec, argv: string[], io: Io): Promise<number> {
  const sub = spec.subcommands?.find((c) => c.name === argv[0]);
  if (sub) return runCommand(`${path} ${sub.name}`, sub, argv.slice(1), io);
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const o of spec.options)
    options[o.name] = { type: o.value ? 'string' : 'boolean', ...(o.multiple ? { multiple: true } : {}) };
  let parsed: { values: Flags; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (err) {
    throw new UsageError(`${path}: ${(err as Error).message.replace(/\. To specify a positional.*$/s, '')}`);
  }
  if (parsed.values.help) {
    io.out(await helpText(path, spec));
    return 0;
  }
  const allowed = spec.args ? (spec.args.includes('...') ? Number.POSITIVE_INFINITY : 1) : 0;
  if (parsed.positionals.length > allowed)
    throw new UsageError(
      spec.subcommands && allowed === 0
        ? `unknown command '${parsed.positionals[0]}' (known: ${spec.subcommands.map((c) => c.name).join(', ')})`
        : `${path}: too many arguments (${parsed.positionals.join(' ')})`,
    );
  for (const o of spec.options) if (o.default !== undefined) parsed.values[o.name] ??= o.default;
  return spec.run(parsed.positionals, parsed.values, io);
}

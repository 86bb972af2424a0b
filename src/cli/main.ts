import { Command, CommanderError } from 'commander';
import { chaosProxyCommand, chaosServeCommand, toxicHelp } from './chaos-command.js';
import { explainCommand } from './explain-command.js';
import { type Io, processIo } from './io.js';
import { labCommand } from './lab-command.js';
import { UsageError } from './usage-error.js';

const VERSION = '0.1.0';

function program(io: Io, done: (code: number) => void): Command {
  const root = new Command('nohangup')
    .description('Reproduce, explain, prevent and recover from "socket hang up" failures.')
    .version(VERSION)
    .exitOverride()
    .enablePositionalOptions()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(run with --help for usage)');
  root
    .command('lab')
    .description('reproduce every hang-up situation on loopback, vanilla Node next to the nohangup fix')
    .argument('[scenario...]', 'scenarios to run (default: all; see --list)')
    .option('--list', 'list the scenarios and exit')
    .option('--json', 'print the whole report as JSON on stdout')
    .action(async (names: string[], flags) => done(await labCommand(names, flags, io)));
  root
    .command('explain')
    .description('diagnose an error pasted from a log (stack, code, undici cause, axios/got dump, JSON)')
    .argument('[file]', "file holding the error, or '-' for stdin (default)")
    .option('--json', 'print the diagnosis as JSON')
    .option('--context <words>', 'what you know around it: "behind an ALB", "after each deploy"')
    .action(async (file: string | undefined, flags) => done(await explainCommand(file, flags, io)));
  const chaos = root
    .command('chaos')
    .description('a fault-injecting TCP proxy (toxiproxy-compatible); binds loopback unless told otherwise')
    .enablePositionalOptions()
    .option('--listen <host:port>', 'where to listen', '127.0.0.1:0')
    .option('--upstream <host:port>', 'where connections go (required)')
    .option(
      '--toxic <type[:key=value,...]>',
      'add a toxic; keys: its attributes, name, stream, toxicity',
      collect,
      [],
    )
    .option('--quiet', 'do not log connections and toxic firings')
    .option('--json', 'log as JSON lines on stdout')
    .addHelpText(
      'after',
      `\nToxics:\n${toxicHelp()}\n\nExample: nohangup chaos --upstream 127.0.0.1:3000 --toxic idle_close:idle_ms=5000`,
    )
    .action(async (flags) => done(await chaosProxyCommand(flags, io)));
  chaos
    .command('serve')
    .description("serve toxiproxy's REST API (default 127.0.0.1:8474) over nohangup chaos proxies")
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'API port', '8474')
    .option('--config <file>', 'JSON array of proxies to create at start, as toxiproxy -config')
    .option('--quiet', 'log nothing')
    .option('--json', 'log as JSON lines on stdout')
    .action(async (flags) => done(await chaosServeCommand(flags, io)));
  return root;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let code = 0;
  const cli = program(io, (c) => {
    code = c;
  });
  if (argv.length === 0) {
    io.out(cli.helpInformation().trimEnd());
    return 0;
  }
  try {
    await cli.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UsageError) {
      io.err(`nohangup: ${err.message}`);
      io.err('(run with --help for usage)');
      return 2;
    }
    io.err(`nohangup: ${(err as Error).message}`);
    return 1;
  }
}

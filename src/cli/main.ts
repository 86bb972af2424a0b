import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CommandSpec, helpText, runCommand } from './args.js';
import { type Io, processIo } from './io.js';
import { isUsageError } from './usage-error.js';

/** The package's own version, read only when asked: package.json is two levels above dist/cli/. */
function version(): string {
  // The ES module build has import.meta.dirname (Node 20.11+); in the bundled CommonJS CLI import.meta is
  // empty and __dirname is the bundle's. (A global __dirname can exist in ESM too: `node -e` defines one.)
  const here = import.meta.dirname ?? __dirname;
  return (JSON.parse(readFileSync(join(here, '../../package.json'), 'utf8')) as { version: string }).version;
}

// Each command's code is imported only when it runs: `explain` must not pay for the lab, chaos or undici.
const serve: CommandSpec = {
  name: 'serve',
  description: "serve toxiproxy's REST API (default 127.0.0.1:8474) over nohangup chaos proxies",
  options: [
    { name: 'host', value: '<host>', description: 'address to bind', default: '127.0.0.1' },
    { name: 'port', value: '<port>', description: 'API port', default: '8474' },
    {
      name: 'config',
      value: '<file>',
      description: 'JSON array of proxies to create at start, as toxiproxy -config',
    },
    {
      name: 'allow-origin',
      value: '<origin>',
      description: 'let web pages from this origin call the API (browsers are refused otherwise)',
      multiple: true,
    },
    { name: 'allow-remote', description: 'let proxies listen on non-loopback addresses' },
    { name: 'quiet', description: 'log nothing' },
    { name: 'json', description: 'log as JSON lines on stdout' },
  ],
  run: async (_args, flags, io) => (await import('./chaos-command.js')).chaosServeCommand(flags, io),
};

const COMMANDS: CommandSpec[] = [
  {
    name: 'lab',
    args: '[scenario...]',
    description: 'reproduce every hang-up situation on loopback, vanilla Node next to the nohangup fix',
    options: [
      { name: 'list', description: 'list the scenarios and exit' },
      { name: 'json', description: 'print the whole report as JSON on stdout' },
    ],
    run: async (names, flags, io) => (await import('./lab-command.js')).labCommand(names, flags, io),
  },
  {
    name: 'explain',
    args: '[file]',
    description:
      'diagnose a pasted error or a whole log (Node, undici, axios, nginx, ALB, Envoy, Heroku ...)',
    options: [
      { name: 'json', description: 'print the diagnosis (or, for a log, the summary) as JSON' },
      {
        name: 'context',
        value: '<words>',
        description: 'what you know around it: "behind an ALB", "after each deploy"',
      },
      { name: 'summary', description: 'read the input as a log: group its errors by cause' },
      { name: 'single', description: 'read the input as one report, however many errors it holds' },
    ],
    after: () =>
      "The file (or '-', stdin, the default) may be one pasted error or a log of any size.\n" +
      'Exit codes: 0 diagnosed, 1 no error found in the input, 2 bad usage.',
    run: async ([file], flags, io) => (await import('./explain-command.js')).explainCommand(file, flags, io),
  },
  {
    name: 'chaos',
    description: 'a fault-injecting TCP proxy (toxiproxy-compatible); binds loopback unless told otherwise',
    options: [
      { name: 'listen', value: '<host:port>', description: 'where to listen', default: '127.0.0.1:0' },
      { name: 'upstream', value: '<host:port>', description: 'where connections go (required)' },
      {
        name: 'toxic',
        value: '<type[:key=value,...]>',
        description: 'add a toxic; keys: its attributes, name, stream, toxicity',
        multiple: true,
      },
      { name: 'quiet', description: 'do not log connections and toxic firings' },
      { name: 'json', description: 'log as JSON lines on stdout' },
    ],
    subcommands: [serve],
    after: async () =>
      `Toxics:\n${(await import('./chaos-command.js')).toxicHelp()}\n\n` +
      'Example: nohangup chaos --upstream 127.0.0.1:3000 --toxic idle_close:idle_ms=5000',
    run: async (_args, flags, io) => (await import('./chaos-command.js')).chaosProxyCommand(flags, io),
  },
  {
    name: 'proxy',
    description:
      'a reverse proxy that aborts upstream work when clients leave and answers upstream failures honestly',
    options: [
      { name: 'listen', value: '<host:port>', description: 'where to listen', default: '127.0.0.1:8080' },
      {
        name: 'target',
        value: '<url>',
        description: 'an upstream (required; several: round robin, a refused one skipped)',
        multiple: true,
      },
      {
        name: 'behind',
        value: '<balancer>',
        description: 'harden for this balancer in front (alb, gcp, ...)',
      },
      { name: 'connect-timeout', value: '<ms>', description: 'connecting upstream', default: '10000' },
      {
        name: 'headers-timeout',
        value: '<ms>',
        description: 'waiting for response headers: 504',
        default: '60000',
      },
      { name: 'no-retry', description: 'never re-send a request (by default only what is safe is re-sent)' },
      { name: 'trust-forwarded', description: "keep the client's X-Forwarded-* and Forwarded and append" },
      { name: 'change-origin', description: "send the target's host as Host" },
      { name: 'quiet', description: 'log nothing' },
      { name: 'json', description: 'log as JSON lines on stdout' },
    ],
    after: () =>
      'Each answer the proxy makes itself carries x-nohangup-error: NH_* (502 refused or hung up, 504 timed out).\n' +
      'Example: nohangup proxy --listen 0.0.0.0:8080 --target http://127.0.0.1:3000 --behind alb',
    run: async (_args, flags, io) => (await import('./proxy-command.js')).proxyCommand(flags, io),
  },
  {
    name: 'probe',
    args: '<url>',
    description:
      "measure a live server's idle close, keep-alive hint and timeouts, and say which hop will 502",
    options: [
      { name: 'method', value: '<method>', description: 'method of the ordinary requests', default: 'GET' },
      {
        name: 'max-wait',
        value: '<duration>',
        description: 'the longest to wait for any limit (10s, 2m or ms)',
        default: '120s',
      },
      {
        name: 'connections',
        value: '<n>',
        description: 'connections open at once, at most (4-64)',
        default: '8',
      },
      {
        name: 'max-requests',
        value: '<n>',
        description: 'requests in a row on one connection, looking for its limit',
        default: '1000',
      },
      {
        name: 'drip',
        value: '<duration>',
        description: 'gap between pieces of a slow request',
        default: '1s',
      },
      { name: 'malformed', description: 'also send a GET with a body, a bad header and an oversized head' },
      { name: 'insecure', description: 'accept any TLS certificate' },
      {
        name: 'behind',
        value: '<balancer|duration>',
        description: 'what sits in front: aws-alb, gcp, azure, nginx, cloudflare, or its idle timeout',
      },
      {
        name: 'client',
        value: '<name>',
        description: 'the client pool calling it: undici, node-agent, axios, got, go',
      },
      { name: 'client-idle', value: '<duration>', description: "or the client pool's idle timeout" },
      { name: 'json', description: 'print the measurements and verdicts as JSON' },
    ],
    after: () =>
      'Progress goes to stderr; Ctrl-C stops and prints what was measured so far (exit 130).\n' +
      'Example: nohangup probe http://127.0.0.1:3000/ --behind aws-alb --client undici',
    run: async ([url], flags, io) => (await import('./probe-command.js')).probeCommand(url, flags, io),
  },
];

const ROOT: CommandSpec = {
  name: 'nohangup',
  description: 'Reproduce, explain, prevent and recover from "socket hang up" failures.',
  options: [{ name: 'version', description: 'output the version number' }],
  subcommands: COMMANDS,
  run: async (_args, flags, io) => {
    if (flags.version) io.out(version());
    else io.out(await helpText('nohangup', ROOT));
    return 0;
  },
};

/** Runs the CLI; returns the exit code (0 ok, 1 failure or nothing found, 2 usage). */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  try {
    if (argv[0] === '-V') return await runCommand('nohangup', ROOT, ['--version'], io);
    if (argv[0] === 'help') return await runCommand('nohangup', ROOT, [...argv.slice(1), '--help'], io);
    return await runCommand('nohangup', ROOT, argv, io);
  } catch (err) {
    if (isUsageError(err)) {
      io.err(`nohangup: ${err.message}`);
      io.err('(run with --help for usage)');
      return 2;
    }
    io.err(`nohangup: ${(err as Error).message}`);
    return 1;
  }
}

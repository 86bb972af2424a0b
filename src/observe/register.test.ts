import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import readline from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { Servers } from '../test-support/servers.js';

// Unmodified apps (fixtures/apps) run with and without `--import nohangup/register` against servers that hang
// up in known ways. The package refers to itself by name: the repository is its own package scope.
const REGISTER = ['--import', 'nohangup/register'];
const servers = new Servers();
const children = new Set<ChildProcess>();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '', ...env },
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return once(child, 'close').then(([code]) => {
    children.delete(child);
    return { code: code as number | null, stdout, stderr };
  });
}

/** The line of an app marked `// the call`: where its requests (or its listen) are made. */
function callLine(app: string): string {
  const lines = readFileSync(`fixtures/apps/${app}`, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes('// the call'));
  assert.ok(index >= 0, `${app} marks no call`);
  return `fixtures/apps/${app}:${index + 1}`;
}

/** Our lines, apart from the app's own stderr. */
function hangupLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => /^nohangup: NH_/.test(line));
}

function withoutOurs(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !line.startsWith('nohangup'))
    .join('\n');
}

/** A server process that dies (SIGKILL) when its first request arrives: a crash mid-request. */
async function serverThatDies(): Promise<number> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      "require('http').createServer(() => process.kill(process.pid, 'SIGKILL')).listen(0, '127.0.0.1', function () { console.log(this.address().port) })",
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.add(child);
  child.on('exit', () => children.delete(child));
  const [line] = (await once(readline.createInterface({ input: child.stdout }), 'line')) as [string];
  return Number(line);
}

interface Scenario {
  name: string;
  url: string;
  cause: string;
  codes: string[];
}

const CLIENT_APPS = ['core-http.mjs', 'axios.mjs', 'got.mjs', 'node-fetch.mjs', 'fetch.mjs', 'undici.mjs'];

// A watchdog, not a timing margin (the suite takes about 15 s here): each test waits on its children's 'close'. If
// a child never exits (an app that failed before its request left the server it waits on), the suite fails after
// this instead of hanging the run; after() then kills what is left.
describe('node --import nohangup/register, in apps that know nothing of it', { timeout: 300_000 }, () => {
  let racePort = 0;
  let silentPort = 0;
  let closedPort = 0;
  let cutPort = 0;

  before(async () => {
    // Answers a connection's first request (with a Keep-Alive hint) and resets it when the next one arrives:
    // the idle close of a keep-alive server, aimed at the moment of reuse.
    ({ port: racePort } = await servers.tcp((socket) => {
      let requests = 0;
      socket.on('error', () => {});
      socket.on('data', () => {
        requests++;
        if (requests === 1)
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nKeep-Alive: timeout=5\r\n\r\nok');
        else socket.resetAndDestroy();
      });
    }));
    ({ port: silentPort } = await servers.tcp((socket) => socket.on('error', () => {})));
    // Promises 100 bytes, sends 10 and closes: a body cut short.
    ({ port: cutPort } = await servers.tcp((socket) => {
      socket.on('error', () => {});
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789'));
    }));
    closedPort = await servers.closedPort();
  });

  after(async () => {
    for (const child of children) child.kill('SIGKILL');
    await servers.closeAll();
  });

  for (const app of CLIENT_APPS) {
    test(`${app}: every failure gets one line with its cause and the app's line; output and exit code unchanged`, async () => {
      const scenarios = async (): Promise<Scenario[]> => {
        const race = `http://127.0.0.1:${racePort}/orders/42`;
        return [
          { name: 'first request', url: race, cause: '', codes: [] },
          {
            name: 'reuse met the idle close',
            url: race,
            cause: 'keepalive-race',
            codes: ['NH_STALE_SOCKET'],
          },
          {
            name: 'refused',
            url: `http://127.0.0.1:${closedPort}/orders`,
            cause: 'connect-refused',
            codes: ['NH_CONNECT_REFUSED'],
          },
          {
            name: 'silent server',
            url: `http://127.0.0.1:${silentPort}/orders`,
            cause: 'client-timeout-read',
            // node-fetch ends a timed-out request with abort(): the app's own abort.
            codes: ['NH_RESPONSE_TIMEOUT', 'NH_ABORTED'],
          },
          {
            name: 'body cut short',
            url: `http://127.0.0.1:${cutPort}/report`,
            cause: 'body-truncated',
            codes: ['NH_BODY_TRUNCATED'],
          },
          {
            name: 'server killed',
            url: `http://127.0.0.1:${await serverThatDies()}/orders`,
            cause: 'server-crash',
            codes: ['NH_RESPONSE_HANGUP'],
          },
        ];
      };
      const plainScenarios = await scenarios();
      const plain = await run([`fixtures/apps/${app}`, '300', ...plainScenarios.map((s) => s.url)]);
      const observedScenarios = await scenarios();
      const observed = await run([
        ...REGISTER,
        `fixtures/apps/${app}`,
        '300',
        ...observedScenarios.map((s) => s.url),
      ]);

      // The app's own behaviour: the same lines (the killed server's port differs per run), the same exit.
      const normalise = (text: string) => text.replace(/:\d+\//g, ':PORT/');
      assert.equal(normalise(observed.stdout), normalise(plain.stdout));
      assert.equal(observed.code, plain.code);
      assert.equal(observed.code, 5, `five failures expected:\n${observed.stdout}`);
      assert.equal(withoutOurs(observed.stderr), withoutOurs(plain.stderr));
      assert.deepEqual(hangupLines(plain.stderr), []);

      const lines = hangupLines(observed.stderr);
      const failing = observedScenarios.filter((s) => s.cause);
      assert.equal(lines.length, failing.length, observed.stderr);
      const where = callLine(app);
      for (const scenario of failing) {
        const line = lines.find((l) => l.includes(` ${scenario.url} `));
        assert.ok(line, `no line for ${scenario.name}:\n${observed.stderr}`);
        const [, code, cause] = /^nohangup: (\S+) (\S+) /.exec(line) ?? [];
        assert.ok(scenario.codes.includes(code ?? ''), `${scenario.name}: ${line}`);
        assert.equal(cause, scenario.cause, `${scenario.name}: ${line}`);
        assert.ok(line.includes(` at ${where} `), `${scenario.name} names ${where}: ${line}`);
        assert.match(line, / — fix: /);
      }
      // The exit summary counts them all.
      assert.match(observed.stderr, /nohangup: 5 hang-ups in this process, by cause and origin:/);
    });
  }

  test('NOHANGUP_INSTALL=1 applies install(): the stale socket is re-sent, and the failed attempt still named', async () => {
    const race = `http://127.0.0.1:${racePort}/orders`;
    const plain = await run(['fixtures/apps/fetch.mjs', '300', race, race]);
    const installed = await run([...REGISTER, 'fixtures/apps/fetch.mjs', '300', race, race], {
      NOHANGUP_INSTALL: '1',
    });
    assert.equal(plain.stdout, 'ok 200\nfailed ECONNRESET\n');
    assert.equal(installed.stdout, 'ok 200\nok 200\n');
    assert.equal(installed.code, 0);
    const lines = hangupLines(installed.stderr);
    assert.equal(lines.length, 1, installed.stderr);
    assert.match(
      lines[0] ?? '',
      /^nohangup: NH_STALE_SOCKET keepalive-race GET .*re-sent by nohangup as attempt 2\)/,
    );
  });

  test('NOHANGUP_HARDEN=1 hardens the server as it starts listening (NOHANGUP_BEHIND sets the balancer)', async () => {
    const child = spawn(process.execPath, [...REGISTER, 'fixtures/apps/server.mjs'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '', NOHANGUP_HARDEN: '1', NOHANGUP_BEHIND: 'aws-alb' },
    });
    children.add(child);
    const lines = readline.createInterface({ input: child.stdout });
    const [first] = (await once(lines, 'line')) as [string];
    const port = Number(first.split(' ')[1]);
    const res = await fetch(`http://127.0.0.1:${port}/hello`);
    await res.text();
    // harden() put keepAliveTimeout above the ALB's 60 s idle timeout; Node advertises it.
    assert.equal(res.headers.get('keep-alive'), 'timeout=65');
    // /quit on a connection of its own that asks to be closed: server.close() then ends the idle one above at once,
    // and this one after its response, where a pooled one would stay open for the 65 s just asserted.
    const quit = http.get(`http://127.0.0.1:${port}/quit`, { agent: false });
    const [quitRes] = (await once(quit, 'response')) as [http.IncomingMessage];
    quitRes.resume();
    const [code] = await once(child, 'close');
    children.delete(child);
    assert.equal(code, 0);
  });

  test('the classifier loads at the first hang-up, not before the app; a hang-up that then crashes the app is still said', async () => {
    // Loaded before the app, explain's signatures slowed Node's http client in half the processes (see
    // classifier.ts). NODE_DEBUG=esm traces every module the loader takes, on stderr in order with the app's
    // marker and our line. The app has no 'error' listener: the failure kills it right after our line.
    const app = [
      "import http from 'node:http';",
      "const { classifierLoaded } = await import('./dist/observe/classifier.js');",
      "process.stderr.write('app started, classifier loaded: ' + classifierLoaded() + '\\n');",
      "process.on('exit', () => console.log('at exit', classifierLoaded()));",
      `http.get('http://127.0.0.1:${closedPort}/unhandled');`,
    ].join('\n');
    const observed = await run([...REGISTER, '--input-type=module', '-e', app], {
      NOHANGUP_SUMMARY: '0',
      NODE_DEBUG: 'esm',
    });
    const { stderr } = observed;
    assert.equal(observed.code, 1);
    assert.equal(observed.stdout, 'at exit true\n');
    const started = stderr.indexOf('app started, classifier loaded: false');
    const loaded = stderr.indexOf('dist/errors/classify.js');
    const ours = stderr.indexOf('nohangup: NH_CONNECT_REFUSED connect-refused GET');
    assert.ok(stderr.indexOf('dist/observe/context.js') < started, 'the loader trace is on'); // not vacuous
    assert.ok(started >= 0 && started < loaded && loaded < ours, stderr.slice(0, 2_000));
    assert.ok(ours < stderr.indexOf('ECONNREFUSED 127.0.0.1', ours), stderr.slice(ours));
  });

  test('cluster: the worker reports its own hang-up, its lines marked with its pid', async () => {
    const url = `http://127.0.0.1:${closedPort}/from-worker`;
    const plain = await run(['fixtures/apps/cluster.mjs', url]);
    const observed = await run([...REGISTER, 'fixtures/apps/cluster.mjs', url], { NOHANGUP_SUMMARY: '0' });
    assert.equal(observed.stdout, plain.stdout);
    assert.equal(plain.stdout, 'failed ECONNREFUSED\nworker exited 0\n');
    const lines = observed.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, observed.stderr);
    assert.match(lines[0] ?? '', /^nohangup\[\d+\]: NH_CONNECT_REFUSED connect-refused GET /);
    assert.ok(lines[0]?.includes(` at ${callLine('cluster.mjs')} `), lines[0]);
  });

  for (const app of ['server.mjs', 'express.mjs']) {
    test(`${app}: a client that leaves and a malformed request, each with its line; output unchanged`, async () => {
      const drive = async (args: string[]) => {
        const child = spawn(process.execPath, [...args, `fixtures/apps/${app}`], {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, NODE_OPTIONS: '' },
        });
        children.add(child);
        let stderr = '';
        child.stderr.on('data', (d) => {
          stderr += d;
        });
        const out: string[] = [];
        const lines = readline.createInterface({ input: child.stdout });
        const queue: string[] = [];
        let waiting: ((line: string) => void) | undefined;
        lines.on('line', (line) => {
          out.push(line);
          if (waiting) {
            const w = waiting;
            waiting = undefined;
            w(line);
          } else queue.push(line);
        });
        const next = () =>
          queue.length > 0
            ? Promise.resolve(queue.shift() as string)
            : new Promise<string>((resolve) => {
                waiting = resolve;
              });
        const port = Number((await next()).split(' ')[1]);
        const connect = () => {
          const socket = net.connect(port, '127.0.0.1');
          socket.on('error', () => {});
          socket.resume();
          return socket;
        };
        // A request the app is still answering, then the client goes.
        let socket = connect();
        socket.write('GET /slow HTTP/1.1\r\nHost: app\r\n\r\n');
        assert.equal(await next(), 'GET /slow');
        socket.destroy();
        // Bytes that are no request: Node answers 400 and closes.
        socket = connect();
        socket.write('GET /a b HTTP/1.1\r\nHost: app\r\n\r\n');
        await once(socket, 'close');
        socket = connect();
        socket.write('GET /quit HTTP/1.1\r\nHost: app\r\n\r\n');
        assert.equal(await next(), 'GET /quit');
        socket.end();
        const [code] = await once(child, 'close');
        children.delete(child);
        return { code, out: out.map((l) => l.replace(/\d+$/, 'PORT')), stderr };
      };
      const plain = await drive([]);
      const observed = await drive(REGISTER);
      assert.deepEqual(observed.out, plain.out);
      assert.equal(observed.code, plain.code);
      assert.deepEqual(hangupLines(plain.stderr), []);
      const lines = hangupLines(observed.stderr);
      const where = callLine(app);
      assert.equal(lines.length, 2, observed.stderr);
      assert.match(
        lines[0] ?? '',
        /^nohangup: NH_CLIENT_ABORTED client-aborted GET \/slow .*\[seen by the server\]/,
      );
      assert.match(
        lines[1] ?? '',
        /^nohangup: NH_MALFORMED_REQUEST malformed-request .*\[seen by the server\]/,
      );
      for (const line of lines) assert.ok(line.includes(` at ${where} `), line);
    });
  }
});

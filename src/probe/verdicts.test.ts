import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyFields, type ProbeFields } from './result.js';
import { verdicts } from './verdicts.js';

function fields(over: Partial<ProbeFields>): ProbeFields {
  return { ...emptyFields(), ...over };
}

const byHop = (list: ReturnType<typeof verdicts>, hop: string) => list.find((v) => v.hop === hop);

describe('verdicts per hop', () => {
  test("Node's defaults behind an ALB: 502s, with harden()'s fix and the keepAliveTimeout that would do", () => {
    const list = verdicts(
      fields({ idleCloseMs: 6000, idleCloseBy: 'fin', keepAliveHintMs: 5000 }),
      { behind: 'aws-alb' },
      120_000,
    );
    const alb = byHop(list, 'aws-alb in front');
    assert.equal(alb?.level, 'risk');
    assert.equal(
      alb?.text,
      'aws-alb idle 60.0 s > app idle close 6,000 ms: the balancer will reuse connections the app is closing → 502s',
    );
    assert.equal(
      alb?.fix,
      "harden(server, { behind: 'aws-alb' }), or server.keepAliveTimeout = 65000 (and headersTimeout above it)",
    );
    assert.equal(alb?.safeClientIdleMs, 5000);
    assert.equal(byHop(list, 'Keep-Alive hint')?.level, 'ok');
  });

  test('a hardened app: the balancer closes first; a close within a second of it is still a risk', () => {
    assert.equal(
      byHop(verdicts(fields({ idleCloseMs: 66_000 }), { behind: 'aws-alb' }, 120_000), 'aws-alb in front')
        ?.level,
      'ok',
    );
    assert.equal(
      byHop(verdicts(fields({ idleCloseMs: 60_500 }), { behind: 'aws-alb' }, 120_000), 'aws-alb in front')
        ?.level,
      'risk',
    );
  });

  test('no close within --max-wait: safe only if the wait outlasted the balancer, else probe longer', () => {
    const short = byHop(verdicts(fields({}), { behind: 'cloudflare' }, 120_000), 'cloudflare in front');
    assert.equal(short?.level, 'unknown');
    assert.match(short?.text ?? '', /probe again with --max-wait 905s/);
    const long = byHop(
      verdicts(fields({}), { behind: 30_000 }, 120_000),
      'the balancer in front (idle 30.0 s)',
    );
    assert.equal(long?.level, 'ok');
  });

  test('clients: a hint shortens Node and undici pools; Go ignores it; a named idle is judged as given', () => {
    const list = verdicts(fields({ idleCloseMs: 6000, keepAliveHintMs: 5000 }), {}, 120_000);
    assert.match(
      byHop(list, 'undici / fetch')?.text ?? '',
      /keeps idle connections 3,000 ms < server idle close 6,000 ms/,
    );
    assert.match(byHop(list, "Node's global http.Agent")?.text ?? '', /keeps idle connections 4,000 ms </);
    assert.equal(byHop(list, "Go's http.DefaultTransport")?.level, 'risk');
    // With no balancer named, every known one is judged.
    assert.equal(list.filter((v) => v.hop.endsWith(' in front')).length, 5);
    const own = verdicts(fields({ idleCloseMs: 6000 }), { clientIdleMs: 5500 }, 120_000);
    assert.equal(byHop(own, 'a client idle 5,500 ms')?.level, 'risk');
    assert.equal(own.filter((v) => v.hop === 'undici / fetch').length, 0);
  });

  test('a hint longer than the real close is called out', () => {
    const hint = byHop(
      verdicts(fields({ idleCloseMs: 2000, keepAliveHintMs: 30_000 }), {}, 120_000),
      'Keep-Alive hint',
    );
    assert.equal(hint?.level, 'risk');
    assert.match(hint?.text ?? '', /advertises timeout=30 but closes after 2,000 ms/);
  });
});

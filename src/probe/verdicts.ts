import { BALANCER_IDLE_TIMEOUTS, balancerIdleMs } from '../server/harden-options.js';
import { CLIENTS, type ClientName, clientIdleMs, type FrontHop } from './hops.js';
import type { ProbeFields, Verdict } from './result.js';
import { formatMs } from './units.js';

/** A balancer must close first: the app keeps idle connections this much longer (harden()'s default margin). */
const FRONT_MARGIN_MS = 5000;
/** A client must close first: this much before the server's close, for the FIN still on its way. */
const CLIENT_MARGIN_MS = 1000;

export interface Hops {
  behind?: FrontHop | undefined;
  client?: ClientName | undefined;
  clientIdleMs?: number | undefined;
}

function frontName(hop: FrontHop): string {
  return typeof hop === 'number' ? `the balancer in front (idle ${formatMs(hop)})` : `${hop} in front`;
}

/** The hop in front reuses idle connections until its own idle timeout: the server must keep them longer. */
function frontVerdict(hop: FrontHop, fields: ProbeFields, maxWaitMs: number): Verdict {
  const idle = balancerIdleMs(hop);
  const name = typeof hop === 'number' ? `balancer idle ${formatMs(idle)}` : `${hop} idle ${formatMs(idle)}`;
  const keep = Math.ceil((idle + FRONT_MARGIN_MS) / 1000) * 1000;
  const behind = typeof hop === 'number' ? String(hop) : `'${hop}'`;
  const fix = `harden(server, { behind: ${behind} }), or server.keepAliveTimeout = ${keep} (and headersTimeout above it)`;
  const base = {
    hop: frontName(hop),
    safeClientIdleMs: fields.idleCloseMs === null ? null : fields.idleCloseMs - CLIENT_MARGIN_MS,
  };
  if (fields.idleCloseMs === null) {
    if (maxWaitMs > idle)
      return {
        ...base,
        level: 'ok',
        text: `the app kept idle connections past ${formatMs(maxWaitMs)}, longer than the ${name}: the balancer closes first`,
      };
    return {
      ...base,
      level: 'unknown',
      text: `no idle close within ${formatMs(maxWaitMs)}, shorter than the ${name}: probe again with --max-wait ${Math.ceil((idle + FRONT_MARGIN_MS) / 1000)}s`,
    };
  }
  if (fields.idleCloseMs <= idle)
    return {
      ...base,
      level: 'risk',
      text: `${name} > app idle close ${formatMs(fields.idleCloseMs)}: the balancer will reuse connections the app is closing → 502s`,
      fix,
    };
  if (fields.idleCloseMs < idle + CLIENT_MARGIN_MS)
    return {
      ...base,
      level: 'risk',
      text: `app idle close ${formatMs(fields.idleCloseMs)} is within a second of the ${name}: a FIN in flight still meets a reuse → occasional 502s`,
      fix,
    };
  return {
    ...base,
    level: 'ok',
    text: `app idle close ${formatMs(fields.idleCloseMs)} > ${name}: the balancer closes first`,
  };
}

/** A client pool keeps idle connections for its own time (shortened by a hint if it reads one). */
function clientVerdict(title: string, idleMs: number, fields: ProbeFields, fix: string): Verdict {
  const safe = fields.idleCloseMs === null ? null : Math.max(0, fields.idleCloseMs - CLIENT_MARGIN_MS);
  const base = { hop: title, safeClientIdleMs: safe };
  const keeps =
    idleMs === 0
      ? 'reuses no connection (the hint less its margin leaves nothing)'
      : `keeps idle connections ${formatMs(idleMs)}`;
  if (fields.idleCloseMs === null)
    return { ...base, level: 'ok', text: `${keeps}; the server closed none within the probe: no race seen` };
  if (fields.idleCloseMs === 0)
    return { ...base, level: 'ok', text: 'the server closes after every response: no connection is reused' };
  if (idleMs === 0) return { ...base, level: 'ok', text: `${keeps}: no race` };
  if (idleMs >= fields.idleCloseMs - CLIENT_MARGIN_MS)
    return {
      ...base,
      level: 'risk',
      text: `${keeps} ≥ server idle close ${formatMs(fields.idleCloseMs)} less 1 s: a reuse meets the close → ECONNRESET / "socket hang up" / "other side closed"`,
      fix,
    };
  return {
    ...base,
    level: 'ok',
    text: `${keeps} < server idle close ${formatMs(fields.idleCloseMs)}: the client closes first`,
  };
}

/** What the Keep-Alive hint promises next to what the server does. */
function hintVerdict(fields: ProbeFields): Verdict | undefined {
  const { keepAliveHintMs: hint, idleCloseMs: close } = fields;
  if (close === null || close === 0) return undefined;
  if (hint === null)
    return {
      hop: 'Keep-Alive hint',
      level: 'ok',
      text: `no Keep-Alive hint: clients fall back on their own idle timeout (the table below says which are safe)`,
    };
  if (hint > close)
    return {
      hop: 'Keep-Alive hint',
      level: 'risk',
      text: `the server advertises timeout=${hint / 1000} but closes after ${formatMs(close)}: clients that trust the hint reuse closing connections`,
      fix: 'advertise a timeout below the real close (Node does: keepAliveTimeout is the hint, it closes 1 s later)',
    };
  return {
    hop: 'Keep-Alive hint',
    level: 'ok',
    text: `advertises timeout=${hint / 1000}, closes after ${formatMs(close)}: clients that read the hint close first`,
  };
}

const CLIENT_FIX =
  'createAgent() / install() (idle below the server close, hints learned), or an agent timeout below the safe value';

/**
 * Verdicts per hop: the balancer in front and the client behind, when named; otherwise how the measured idle
 * close sits against the common balancers and client pools, so a person sees which pairing breaks.
 */
export function verdicts(fields: ProbeFields, hops: Hops, maxWaitMs: number): Verdict[] {
  const out: Verdict[] = [];
  const hint = hintVerdict(fields);
  if (hint) out.push(hint);
  const fronts: FrontHop[] =
    hops.behind !== undefined ? [hops.behind] : (Object.keys(BALANCER_IDLE_TIMEOUTS) as FrontHop[]);
  for (const hop of fronts) out.push(frontVerdict(hop, fields, maxWaitMs));
  if (hops.clientIdleMs !== undefined)
    out.push(
      clientVerdict(`a client idle ${formatMs(hops.clientIdleMs)}`, hops.clientIdleMs, fields, CLIENT_FIX),
    );
  const clients: ClientName[] = hops.client
    ? [hops.client]
    : hops.clientIdleMs !== undefined
      ? []
      : (['undici', 'node-agent', 'go'] as ClientName[]);
  for (const client of clients)
    out.push(
      clientVerdict(CLIENTS[client].title, clientIdleMs(client, fields.keepAliveHintMs), fields, CLIENT_FIX),
    );
  return out;
}

// Issue 15: does the upstream see a client's abort through the proxy, and how soon? For each proxy (its own
// process, roles.mjs `proxy <kind>`), TRIALS times: a client's GET reaches the upstream (in this process, so one
// clock), the client destroys its connection, and the time until the upstream's response sees 'close' is taken;
// an upstream that was not told works on for WORK_MS and answers (counted as not seen).
// Usage: node proxy-abort.mjs [trials]   (after `npm run build` in the root)
import { once } from 'node:events';
import http from 'node:http';
import { killChildren, role } from './children.mjs';

const TRIALS = Number(process.argv[2] ?? 200);
const WORK_MS = 2000;
const WITHIN_MS = 50;

let arrived;
const upstream = http.createServer((_req, res) => {
  const timer = setTimeout(() => res.end('done after all the work'), WORK_MS);
  res.on('close', () => clearTimeout(timer));
  arrived?.(res);
});
upstream.keepAliveTimeout = 60_000;
upstream.listen(0, '127.0.0.1');
await once(upstream, 'listening');

try {
  for (const kind of ['nohangup', 'http-proxy', 'reply-from']) {
    const { port } = await role('proxy', kind, upstream.address().port);
    const lags = [];
    let unseen = 0;
    for (let i = 0; i < TRIALS; i++) {
      const atUpstream = new Promise((resolve) => {
        arrived = resolve;
      });
      const req = http.get({ host: '127.0.0.1', port, agent: false, path: `/work/${i}` });
      req.on('error', () => {});
      const res = await atUpstream;
      const left = performance.now();
      req.destroy();
      // Either the upstream hears of it, or its work runs to the end and it answers (nobody is there).
      await once(res, 'close');
      if (res.writableFinished) unseen++;
      else lags.push(performance.now() - left);
      // Only with a trial's full WORK_MS wait: the slow proxies get fewer trials, not a shorter wait.
      if (unseen >= 10 && lags.length === 0) break;
    }
    const tried = lags.length + unseen;
    lags.sort((a, b) => a - b);
    const within = lags.filter((ms) => ms <= WITHIN_MS).length;
    console.log(
      `${kind}: upstream saw the abort in ${lags.length} of ${tried} trials, within ${WITHIN_MS} ms in ${within} (${((within / tried) * 100).toFixed(0)} %)` +
        (lags.length
          ? `; median ${lags[Math.floor(lags.length / 2)].toFixed(2)} ms, p99 ${lags[Math.floor(lags.length * 0.99)].toFixed(2)} ms, max ${lags.at(-1).toFixed(2)} ms`
          : `; each of those upstream requests ran its full ${WORK_MS} ms`),
    );
  }
} finally {
  killChildren();
  upstream.close();
  upstream.closeAllConnections();
}

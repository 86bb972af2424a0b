import type { ObserveContext } from '../context.js';

/** nohangup's own channels (its client's retries and stale sockets avoided, its server's shedding) as metrics. */
export function toolkitChannels(ctx: ObserveContext): void {
  const { metrics } = ctx;
  if (!metrics) return;
  ctx.subscribe('nohangup:client:retry', ({ reason }: { reason: string }) =>
    metrics.retry(reason, 'scheduled'),
  );
  ctx.subscribe(
    'nohangup:client:budgetExhausted',
    ({ origin, reason }: { origin: string; reason: string }) => {
      metrics.retry(reason, 'refused');
      metrics.budgetExhausted(origin);
    },
  );
  ctx.subscribe('nohangup:client:staleSocketAvoided', ({ origin }: { origin: string }) =>
    metrics.staleSocketAvoided(origin),
  );
  ctx.subscribe('nohangup:server:shed', ({ reason }: { reason: string }) => metrics.shed(reason));
}

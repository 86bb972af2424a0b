import diagnostics from 'node:diagnostics_channel';

/** The client's diagnostics channels (STYLE.md: namespaced, published only when someone listens). */
export const channels = {
  /** { origin, method, path, attempt, delayMs, reason, code?, status? }: a request is about to be re-sent. */
  retry: diagnostics.channel('nohangup:client:retry'),
  /** { origin, method, path, attempt, reason, code?, status? }: a retry was refused by the retry budget. */
  budgetExhausted: diagnostics.channel('nohangup:client:budgetExhausted'),
  /** { origin, idleMs }: an idle socket was closed before the server's window, so no request met its close. */
  staleSocketAvoided: diagnostics.channel('nohangup:client:staleSocketAvoided'),
  /** { origin, idleMs }: an origin closed an idle socket sooner than known; its sockets now expire before that. */
  idleWindowLearned: diagnostics.channel('nohangup:client:idleWindowLearned'),
};

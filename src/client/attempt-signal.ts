import { errors } from 'undici';

export interface AttemptSignal {
  signal: AbortSignal | undefined;
  /** Response headers arrived: the headers timer stops. */
  headersArrived(): void;
  /** The attempt is over (failed, or its body was read or dropped): nothing stays attached. */
  done(): void;
}

const NONE: AttemptSignal = { signal: undefined, headersArrived() {}, done() {} };

/**
 * The signal one attempt runs under: the call's (the caller's signal and the deadline) plus a native headers
 * timer. undici's own headersTimeout ticks on its ~1 s fast-timer wheel (a 100 ms timeout fires after about a
 * second), so request() keeps that timer itself; it aborts with undici's own HeadersTimeoutError, so the error
 * reads the same as undici's.
 */
export function attemptSignal(call: AbortSignal | undefined, headersMs: number | undefined): AttemptSignal {
  if (headersMs === undefined) return call ? { ...NONE, signal: call } : NONE;
  const controller = new AbortController();
  const forward = () => controller.abort(call?.reason);
  if (call?.aborted) forward();
  else call?.addEventListener('abort', forward, { once: true });
  const timer = setTimeout(() => controller.abort(new errors.HeadersTimeoutError()), headersMs);
  timer.unref();
  return {
    signal: controller.signal,
    headersArrived: () => clearTimeout(timer),
    done: () => {
      clearTimeout(timer);
      call?.removeEventListener('abort', forward);
    },
  };
}

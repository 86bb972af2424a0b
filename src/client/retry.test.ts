import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createHangupError } from '../errors/hangup-error.js';
import { fullJitterDelay, parseRetryAfter } from './backoff.js';
import { RetryBudget } from './retry-budget.js';
import { decideRetry, RETRY_DEFAULTS, undeliveredDelay } from './retry-policy.js';

describe('retry arithmetic (pure)', () => {
  test('full jitter: uniform between 0 and min(max, base × 2^(retry-1))', () => {
    const options = { baseMs: 100, maxDelayMs: 1000 };
    assert.equal(
      fullJitterDelay(1, options, () => 0.999),
      99,
    );
    assert.equal(
      fullJitterDelay(3, options, () => 0.5),
      200,
    );
    assert.equal(
      fullJitterDelay(10, options, () => 0.999),
      999,
      'capped at maxDelayMs',
    );
    assert.equal(
      fullJitterDelay(2, options, () => 0),
      0,
    );
  });

  test('Retry-After: seconds, an HTTP-date, or nothing usable', () => {
    const now = Date.parse('2026-11-23T10:00:00Z');
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now), 0, 'a past date means now');
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  test('decideRetry follows the rule: never re-send a POST on a hang-up; statuses only when idempotent', () => {
    const hangup = createHangupError('NH_RESPONSE_HANGUP', undefined, { retrySafe: false });
    const base = {
      attempts: 1,
      method: 'POST',
      idempotencyKey: false,
      replayableBody: true,
      remainingMs: undefined,
    };
    assert.equal(decideRetry({ ...base, error: hangup }, RETRY_DEFAULTS).retry, false);
    assert.equal(decideRetry({ ...base, status: 503 }, RETRY_DEFAULTS).retry, false);
    assert.equal(decideRetry({ ...base, status: 503, idempotencyKey: true }, RETRY_DEFAULTS).retry, true);
    assert.equal(decideRetry({ ...base, method: 'GET', status: 404 }, RETRY_DEFAULTS).retry, false);
    const refused = createHangupError('NH_CONNECT_REFUSED', undefined, { retrySafe: true });
    assert.equal(decideRetry({ ...base, error: refused, replayableBody: false }, RETRY_DEFAULTS).retry, true);
    // A refused connection never reached the server: it has its own, longer limit (6), a reset has 2.
    assert.equal(decideRetry({ ...base, error: refused, attempts: 6 }, RETRY_DEFAULTS).retry, true);
    assert.equal(
      decideRetry({ ...base, error: refused, attempts: 7 }, RETRY_DEFAULTS).retry,
      false,
      'undelivered limit 6',
    );
    const reset = createHangupError('NH_STALE_SOCKET', undefined, { retrySafe: true });
    assert.equal(
      decideRetry({ ...base, method: 'GET', error: reset, attempts: 2 }, RETRY_DEFAULTS).retry,
      true,
    );
    assert.equal(
      decideRetry({ ...base, method: 'GET', error: reset, attempts: 3 }, RETRY_DEFAULTS).retry,
      false,
      'limit 2',
    );
    const late = decideRetry(
      { ...base, method: 'GET', status: 429, retryAfter: '30', remainingMs: 5000 },
      RETRY_DEFAULTS,
    );
    assert.deepEqual(late, { retry: false, reason: 'Retry-After asks for 30000 ms, past the deadline' });
  });

  test('the undelivered schedule covers a restart: at least 1.5 s over its six waits, at most 3.5 s', () => {
    const total = (random: () => number) =>
      [1, 2, 3, 4, 5, 6].reduce((sum, retry) => sum + undeliveredDelay(retry, RETRY_DEFAULTS, random), 0);
    assert.equal(
      total(() => 0),
      1750,
    );
    assert.ok(total(() => 0.999999) < 3500);
    // Each wait is half its ceiling plus up to the other half: 100 ms, 200, 400, 800, then the 1 s cap.
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((retry) => undeliveredDelay(retry, RETRY_DEFAULTS, () => 0.5)),
      [75, 150, 300, 600, 750, 750],
    );
  });

  test('the budget: ratio of first attempts plus a minimum, over a sliding window', () => {
    const budget = new RetryBudget({ ratio: 0.2, minPerSecond: 0.5, windowMs: 10_000 }); // minimum 5
    let now = 0;
    for (let i = 0; i < 100; i++) budget.recordFirstAttempt('o', now);
    let granted = 0;
    while (budget.tryRetry('o', now) && granted < 1000) granted++;
    assert.equal(granted, 25, '100 × 0.2 + 5');
    now += 11_000; // the window has slid past all of it
    granted = 0;
    while (budget.tryRetry('o', now) && granted < 1000) granted++;
    assert.equal(granted, 5, 'only the minimum with no first attempts');
    assert.equal(budget.tryRetry('other', now), true, 'origins have their own budgets');
  });
});

import { isClosed } from '../connection.js';
import type { Measurement } from '../measurement.js';
import { requestHead } from '../target.js';

const NAME = 'max requests per connection';

/**
 * Requests one after another on one connection until the server says `Connection: close` (nginx's
 * keepalive_requests, Node's maxRequestsPerSocket) or closes it, up to --max-requests. A client pool that
 * reuses a connection past that limit meets the close.
 */
export const maxRequests: Measurement = {
  name: NAME,
  requests: (budget) => budget.maxRequests,
  run: async (ctx) => {
    const limit = ctx.options.maxRequests;
    ctx.progress(NAME, `up to ${limit} requests one after another on one connection`);
    const connection = await ctx.open();
    let count: number | null = null;
    let how = `${limit} requests in a row on one connection, each after the previous answer`;
    let sent = 0;
    try {
      while (connection && sent < limit) {
        const answer = await ctx.until(connection.request(requestHead(ctx.target)));
        if (answer === undefined) break;
        sent++;
        if (isClosed(answer)) {
          count = sent - 1;
          how = `requests in a row on one connection: the server closed (${answer.by}) without Connection: close after ${count}`;
          break;
        }
        if (answer.closes) {
          count = sent;
          how = `requests in a row on one connection: answer ${sent} said Connection: close`;
          break;
        }
        if (sent % 100 === 0) ctx.progress(NAME, `${sent} answered on one connection, still open`);
      }
    } finally {
      connection?.destroy();
    }
    const value = count === null ? `none within ${sent.toLocaleString('en-US')} requests` : String(count);
    ctx.progress(NAME, value, true);
    return {
      fields: { maxRequestsPerConnection: count },
      rows: [
        {
          measurement: NAME,
          value,
          how: count === null ? `${sent} requests in a row on one connection, all kept open` : how,
          precision: 'exact',
        },
      ],
    };
  },
};

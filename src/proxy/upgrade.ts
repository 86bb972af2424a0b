import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** The 101 head for the client: the upstream's fields in its order (Upgrade and Connection included: they are the handshake). */
export function switchingProtocolsHead(raw: readonly (Buffer | string)[]): string {
  const lines: string[] = ['HTTP/1.1 101 Switching Protocols'];
  for (let i = 0; i + 1 < raw.length; i += 2) lines.push(`${raw[i]}: ${raw[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * After a 101: the client's socket and the upstream's carry each other's bytes until either side ends. An error
 * or a close on one destroys the other (a tunnel half-open for ever is a leak), and `head`, what the client sent
 * right after its request, goes first.
 */
export function tunnel(client: Socket | Duplex, upstream: Duplex, head: Buffer): void {
  const cut = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', cut).on('close', cut);
  upstream.on('error', cut).on('close', cut);
  if (head.length > 0) upstream.write(head);
  client.pipe(upstream);
  upstream.pipe(client);
}

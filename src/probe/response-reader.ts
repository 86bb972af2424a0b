/**
 * Reads HTTP/1.1 responses from raw bytes, one after another on one connection. The probe needs the byte-level
 * view Node's client hides: the moment the last byte of a response arrived (an idle close is timed from it),
 * and whether the server closed with a FIN or a reset. Bodies are counted, not kept.
 */

export interface ProbeResponse {
  status: number;
  /** Header names lowercased; a repeated header's values joined with ', '. */
  headers: Map<string, string>;
  /** performance.now() when the first byte of the status line arrived. */
  startedAt: number;
  /** performance.now() when the last byte of the response arrived. */
  endedAt: number;
  bodyBytes: number;
  /** The server said `Connection: close`, or spoke HTTP/1.0 without keep-alive, or delimited the body by closing. */
  closes: boolean;
}

/** A response head larger than this is refused: the probe is reading, not collecting. */
const MAX_HEAD = 64 * 1024;

type Body =
  | { kind: 'none' }
  | { kind: 'length'; left: number }
  | { kind: 'chunked'; state: 'size' | 'data' | 'data-end' | 'trailers'; left: number; line: string }
  | { kind: 'until-close' };

export class ResponseReadError extends Error {
  override name = 'ResponseReadError';
}

export class ResponseReader {
  #head = '';
  /** When the first byte of the response being read arrived. */
  #startedAt = 0;
  #current: { response: ProbeResponse; body: Body } | undefined;
  /** Responses to HEAD carry no body whatever their headers say; set before each request. */
  expectNoBody = false;

  constructor(private readonly onResponse: (response: ProbeResponse) => void) {}

  /** Feeds bytes as they arrive; calls onResponse once per complete final (non-1xx) response. */
  push(chunk: Buffer, now: number): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.#current) offset = this.#readHead(chunk, offset, now);
      else offset = this.#readBody(chunk, offset, now);
    }
  }

  /** The connection ended: a body delimited by the close is complete; anything else was cut. */
  end(now: number): boolean {
    const current = this.#current;
    if (current?.body.kind !== 'until-close') return false;
    this.#finish(now);
    return true;
  }

  /** Bytes of a response have arrived and it is not complete yet. */
  get inResponse(): boolean {
    return this.#current !== undefined || this.#head.length > 0;
  }

  #readHead(chunk: Buffer, offset: number, now: number): number {
    const startedAt = this.#head.length === 0 ? now : undefined;
    if (startedAt !== undefined) this.#startedAt = startedAt;
    const text = chunk.toString('latin1', offset);
    const before = this.#head.length;
    this.#head += text;
    const end = this.#head.indexOf('\r\n\r\n');
    if (end === -1) {
      if (this.#head.length > MAX_HEAD) throw new ResponseReadError(`response head over ${MAX_HEAD} bytes`);
      return chunk.length;
    }
    const head = this.#head.slice(0, end);
    const consumed = end + 4 - before;
    this.#head = '';
    this.#startHead(head, now);
    return offset + consumed;
  }

  #startHead(head: string, now: number): void {
    const lines = head.split('\r\n');
    const statusLine = lines[0] ?? '';
    const match = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(statusLine);
    if (!match)
      throw new ResponseReadError(`not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 80))}`);
    const status = Number(match[2]);
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      const seen = headers.get(name);
      headers.set(name, seen === undefined ? value : `${seen}, ${value}`);
    }
    // Interim answers (100 Continue, 103 Early Hints) precede the real one.
    if (status >= 100 && status < 200 && status !== 101) return;
    const connection = (headers.get('connection') ?? '').toLowerCase();
    const http10 = match[1] === '0';
    const closes = connection.includes('close') || (http10 && !connection.includes('keep-alive'));
    const response: ProbeResponse = {
      status,
      headers,
      startedAt: this.#startedAt,
      endedAt: now,
      bodyBytes: 0,
      closes,
    };
    const body = this.#bodyOf(status, headers);
    if (body.kind === 'until-close') response.closes = true;
    this.#current = { response, body };
    if (body.kind === 'none' || (body.kind === 'length' && body.left === 0)) this.#finish(now);
  }

  #bodyOf(status: number, headers: Map<string, string>): Body {
    if (this.expectNoBody || status === 204 || status === 304 || status === 101) return { kind: 'none' };
    const te = headers.get('transfer-encoding');
    if (te !== undefined && /(?:^|,)\s*chunked\s*$/i.test(te))
      return { kind: 'chunked', state: 'size', left: 0, line: '' };
    const length = headers.get('content-length');
    if (length !== undefined) {
      if (!/^\d{1,15}$/.test(length))
        throw new ResponseReadError(`bad Content-Length: ${length.slice(0, 40)}`);
      return { kind: 'length', left: Number(length) };
    }
    return { kind: 'until-close' };
  }

  #readBody(chunk: Buffer, offset: number, now: number): number {
    const current = this.#current as { response: ProbeResponse; body: Body };
    const body = current.body;
    if (body.kind === 'until-close') {
      current.response.bodyBytes += chunk.length - offset;
      return chunk.length;
    }
    if (body.kind === 'length') {
      const take = Math.min(body.left, chunk.length - offset);
      body.left -= take;
      current.response.bodyBytes += take;
      if (body.left === 0) this.#finish(now);
      return offset + take;
    }
    if (body.kind === 'chunked') return this.#readChunked(body, current.response, chunk, offset, now);
    this.#finish(now);
    return offset;
  }

  #readChunked(
    body: Extract<Body, { kind: 'chunked' }>,
    response: ProbeResponse,
    chunk: Buffer,
    offset: number,
    now: number,
  ): number {
    if (body.state === 'data') {
      const take = Math.min(body.left, chunk.length - offset);
      body.left -= take;
      response.bodyBytes += take;
      if (body.left === 0) body.state = 'data-end';
      return offset + take;
    }
    // size, data-end (the CRLF after data) and trailers are read line by line.
    const newline = chunk.indexOf(0x0a, offset);
    const part = chunk.toString('latin1', offset, newline === -1 ? chunk.length : newline);
    body.line += part;
    if (body.line.length > 4096) throw new ResponseReadError('chunk-size or trailer line over 4096 bytes');
    if (newline === -1) return chunk.length;
    const line = body.line.endsWith('\r') ? body.line.slice(0, -1) : body.line;
    body.line = '';
    if (body.state === 'data-end') body.state = 'size';
    else if (body.state === 'size') {
      const size = /^([0-9a-fA-F]{1,12})(?:;|\s|$)/.exec(line);
      if (!size) throw new ResponseReadError(`bad chunk size line: ${JSON.stringify(line.slice(0, 40))}`);
      body.left = Number.parseInt(size[1] as string, 16);
      body.state = body.left === 0 ? 'trailers' : 'data';
    } else if (line === '') this.#finish(now);
    return newline + 1;
  }

  #finish(now: number): void {
    const current = this.#current;
    if (!current) return;
    this.#current = undefined;
    current.response.endedAt = now;
    this.onResponse(current.response);
  }
}

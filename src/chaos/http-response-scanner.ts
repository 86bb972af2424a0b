/** Where, in a chunk just scanned, a response's headers or body ended (offsets into that chunk). */
export interface ScanResult {
  headersEndAt?: number;
  bodyEndAt?: number;
  /** Body bytes of the current response seen before this chunk. */
  bodyBytesBefore: number;
  /** Content-Length of the current response, when it has one. */
  contentLength?: number;
}

type State = 'head' | 'fixed' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailers' | 'until-close';

/**
 * Follows HTTP/1.1 responses through a byte stream just far enough to know where headers and bodies end:
 * Content-Length, chunked (with trailers) and close-delimited bodies; 1xx/204/304 carry none.
 */
export class HttpResponseScanner {
  private state: State = 'head';
  private head = '';
  private remaining = 0;
  private line = '';
  private bodyBytes = 0;
  private contentLength: number | undefined;

  scan(chunk: Buffer): ScanResult {
    const result: ScanResult = { bodyBytesBefore: this.bodyBytes };
    let i = 0;
    while (i < chunk.length) {
      switch (this.state) {
        case 'head': {
          const text = chunk.toString('latin1', i);
          const joined = this.head + text;
          const end = joined.indexOf('\r\n\r\n');
          if (end === -1) {
            this.head = joined.slice(-65536);
            i = chunk.length;
            break;
          }
          const consumed = end + 4 - this.head.length;
          i += consumed;
          this.startBody(joined.slice(0, end));
          result.headersEndAt = i;
          result.bodyBytesBefore = 0;
          result.contentLength = this.contentLength;
          if (this.state === 'head') result.bodyEndAt = i;
          break;
        }
        case 'fixed':
          i = this.take(chunk, i, true);
          if (this.remaining === 0) this.finish(result, i);
          break;
        case 'chunk-size':
        case 'trailers': {
          const nl = chunk.indexOf(10, i);
          const until = nl === -1 ? chunk.length : nl + 1;
          this.line += chunk.toString('latin1', i, until);
          i = until;
          if (nl === -1) break;
          const line = this.line.trim();
          this.line = '';
          if (this.state === 'trailers') {
            if (line === '') this.finish(result, i);
          } else {
            this.remaining = Number.parseInt(line.split(';')[0] ?? '', 16) || 0;
            this.state = this.remaining === 0 ? 'trailers' : 'chunk-data';
          }
          break;
        }
        case 'chunk-data':
          i = this.take(chunk, i, true);
          if (this.remaining === 0) {
            this.state = 'chunk-crlf';
            this.remaining = 2;
          }
          break;
        case 'chunk-crlf':
          i = this.take(chunk, i, false);
          if (this.remaining === 0) this.state = 'chunk-size';
          break;
        case 'until-close':
          this.bodyBytes += chunk.length - i;
          i = chunk.length;
          break;
      }
    }
    return result;
  }

  /** Consumes up to `remaining` bytes from `chunk` at `i`; returns the new offset. */
  private take(chunk: Buffer, i: number, body: boolean): number {
    const n = Math.min(this.remaining, chunk.length - i);
    this.remaining -= n;
    if (body) this.bodyBytes += n;
    return i + n;
  }

  private startBody(head: string): void {
    this.head = '';
    this.bodyBytes = 0;
    const [statusLine = '', ...headerLines] = head.split('\r\n');
    const status = Number(statusLine.split(' ')[1]);
    const header = (name: string) =>
      headerLines
        .find((l) => l.toLowerCase().startsWith(`${name}:`))
        ?.slice(name.length + 1)
        .trim()
        .toLowerCase();
    this.contentLength = undefined;
    if ((status >= 100 && status < 200) || status === 204 || status === 304) this.state = 'head';
    else if (header('transfer-encoding')?.includes('chunked')) this.state = 'chunk-size';
    else if (header('content-length') !== undefined) {
      this.contentLength = Number(header('content-length'));
      this.remaining = this.contentLength;
      this.state = this.remaining > 0 ? 'fixed' : 'head';
    } else this.state = 'until-close';
  }

  private finish(result: ScanResult, at: number): void {
    this.state = 'head';
    result.bodyEndAt = at;
  }
}

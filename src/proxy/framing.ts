import type { IncomingMessage } from 'node:http';

/**
 * Request-smuggling defences beyond Node's parser. Node (llhttp, strict by default) already answers 400 to
 * Content-Length with Transfer-Encoding, two Content-Lengths, a Transfer-Encoding that does not end in
 * `chunked`, whitespace before a colon, obs-fold, bare CR or LF, NUL and bad chunk sizes: those never reach a
 * handler (the smuggling corpus test checks each still does). What reaches it and an upstream could read
 * differently is refused here, before a byte goes upstream. Returns why, or undefined when the request is sound.
 */
export function framingProblem(req: IncomingMessage): string | undefined {
  const raw = req.rawHeaders;
  let hosts = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    if (name === 'host') hosts++;
    // `Transfer_Encoding` is a field of its own to Node, and the same field to a server behind a CGI-style
    // gateway that reads `_` as `-` (nginx drops such names by default for this reason).
    else if (name === 'transfer_encoding' || name === 'content_length')
      return `field "${raw[i]}" reads as a framing field to some servers`;
    else if (name === 'transfer-encoding') {
      // Only plain `chunked`: `identity, chunked` or `gzip, chunked` is read as chunked by Node and by some
      // servers, and as something else by others (the classic TE.TE desync). Nobody legitimate sends them.
      if ((raw[i + 1] as string).trim().toLowerCase() !== 'chunked')
        return `Transfer-Encoding "${raw[i + 1]}" is not plain "chunked"`;
      // HTTP/1.0 has no chunked framing: a 1.0 message that claims it is faulty (RFC 9112 6.1).
      if (req.httpVersionMinor === 0 && req.httpVersionMajor === 1)
        return 'Transfer-Encoding in an HTTP/1.0 request';
    }
  }
  // RFC 9112 3.2: a request with more than one Host gets a 400 (the upstream might route by the other one).
  if (hosts > 1) return 'more than one Host field';
  // Absolute-form (`GET http://other/ HTTP/1.1`) is how clients talk to a forward proxy: refused, so this is
  // never an open proxy to whatever the URL names. (`OPTIONS *` is about the proxy itself: refused too.)
  if (!req.url?.startsWith('/'))
    return `request target "${(req.url ?? '').slice(0, 100)}" is not a path (absolute-form is refused)`;
  return undefined;
}

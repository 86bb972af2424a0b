import type { Signature } from './signature.js';

/** The error term of Elixir's HTTP clients (Mint, and Finch and Req over it; HTTPoison over hackney). */
const TERM = String.raw`(?:%?Mint\.TransportError\{|%?HTTPoison\.Error\{)[^\n}]{0,60}?reason: `;

/**
 * Elixir's HTTP clients calling a Node (or any) server, in their error terms (`%Mint.TransportError{reason:
 * :closed}`) or as raised ("** (Mint.TransportError) socket closed"). Their pools keep connections alive, as
 * Node's agents do, so a closed one is most often the keep-alive race against a server that closed it idle.
 */
export const elixirSignatures = (): Signature[] => [
  {
    id: 'elixir/closed',
    pattern: new RegExp(String.raw`${TERM}:closed\b|\(Mint\.TransportError\) socket closed\b`),
    observer: 'client',
    code: 'NH_RESPONSE_HANGUP',
    rank: 3,
    causes: { 'keepalive-race': 1.5, 'server-crash': 0.3 },
    says: "the server closed the connection under the request: with a pool (Finch, hackney), most often a kept-alive connection the server had just closed idle (Node's keepAliveTimeout is 5 s)",
    example: '{:error, %Mint.TransportError{reason: :closed}}',
  },
  {
    id: 'elixir/timeout',
    pattern: new RegExp(String.raw`${TERM}:timeout\b|\(Mint\.TransportError\) timeout\b`),
    observer: 'client',
    code: 'NH_RESPONSE_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-read': 1.5 },
    says: "the client's own receive timeout passed (hackney's recv_timeout is 5 s unless set, Finch's 15 s): the server answered slower than that",
    example: '{:error, %HTTPoison.Error{id: nil, reason: :timeout}}',
  },
  {
    id: 'elixir/connect-timeout',
    pattern: new RegExp(String.raw`${TERM}:connect_timeout\b`),
    observer: 'client',
    code: 'NH_CONNECT_TIMEOUT',
    rank: 3,
    causes: { 'client-timeout-connect': 1.5 },
    says: 'the connection was not established in time (a firewall, a route, a host that is down)',
    facts: { requestWritten: false },
    example: '{:error, %HTTPoison.Error{id: nil, reason: :connect_timeout}}',
  },
  {
    id: 'elixir/refused',
    pattern: new RegExp(String.raw`${TERM}:econnrefused\b|\(Mint\.TransportError\) connection refused\b`),
    observer: 'client',
    code: 'NH_CONNECT_REFUSED',
    rank: 3,
    causes: { 'connect-refused': 1.5 },
    says: 'nothing accepted the connection at that address',
    facts: { requestWritten: false },
    example: '{:error, %Mint.TransportError{reason: :econnrefused}}',
  },
  {
    id: 'elixir/nxdomain',
    pattern: new RegExp(String.raw`${TERM}:nxdomain\b|\(Mint\.TransportError\) non-existing domain\b`),
    observer: 'client',
    code: 'NH_DNS_FAILURE',
    rank: 3,
    causes: { 'dns-failure': 1.5 },
    says: 'the host name did not resolve (nxdomain)',
    facts: { requestWritten: false },
    example: '{:error, %HTTPoison.Error{id: nil, reason: :nxdomain}}',
  },
];

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertReadings } from '../../test-support/signature-cases.js';
import { diagnoseText } from '../diagnose-text.js';

// Clients in other languages calling a Node server, in their own terms: Elixir's error structs and Ruby's
// "Failed to open TCP connection ... (reason)".
test("Elixir's Mint and HTTPoison terms, and Ruby's failed open with its reason", () => {
  assertReadings([
    ['{:error, %Mint.TransportError{reason: :closed}}', 'elixir/closed', 'keepalive-race'],
    ['** (Mint.TransportError) socket closed', 'elixir/closed', 'keepalive-race'],
    ['{:error, %HTTPoison.Error{id: nil, reason: :timeout}}', 'elixir/timeout', 'client-timeout-read'],
    [
      '{:error, %HTTPoison.Error{id: nil, reason: :connect_timeout}}',
      'elixir/connect-timeout',
      'client-timeout-connect',
    ],
    ['{:error, %HTTPoison.Error{id: nil, reason: :econnrefused}}', 'elixir/refused', 'connect-refused'],
    ['{:error, %Mint.TransportError{reason: :nxdomain}}', 'elixir/nxdomain', 'dns-failure'],
    [
      'Faraday::ConnectionFailed: Failed to open TCP connection to api.example.com:443 (Connection refused - connect(2) for "api.example.com" port 443)',
      'ruby/open-refused',
      'connect-refused',
    ],
    [
      'SocketError: Failed to open TCP connection to api.internal:80 (getaddrinfo: Name or service not known)',
      'ruby/open-unresolved',
      'dns-failure',
    ],
  ]);
  // :timeout is not :connect_timeout, and another struct's reason is not the transport's.
  const read = diagnoseText('{:error, %HTTPoison.Error{id: nil, reason: :timeout}}', { learned: false });
  assert.ok(!read.signatures.includes('elixir/connect-timeout'), read.signatures.join());
  const other = diagnoseText('{:error, %Ecto.Changeset{reason: :closed}} failed', { learned: false });
  assert.ok(!other.signatures.includes('elixir/closed'), other.signatures.join());
});

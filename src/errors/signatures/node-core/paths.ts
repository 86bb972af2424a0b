import type { Signature } from '../signature.js';

/** Node core's texts about connecting to a path (a Unix socket, a Windows named pipe) instead of a host and port. */
export const pathSignatures: Signature[] = [
  {
    // net.connect() to a socket file that is not there: the daemon is not running, its socket sits elsewhere
    // (a container without the mount), or a malformed URL left a path where a host belonged ("/:1883"). The
    // socket world's ECONNREFUSED: nothing listens where the client went. `other` keeps a share: a platform that
    // offers no such socket at all (App Engine's /cloudsql on its flexible VMs) is a premise failing, not a server down.
    id: 'node/connect-enoent',
    pattern: /\bconnect ENOENT\b/,
    code: 'NH_CONNECT_REFUSED',
    phase: 'connect',
    rank: 2,
    causes: { other: 1.5 },
    says: 'the client connected to a path (a Unix socket or named pipe) where nothing exists: the server is not running there, or the address was read as a path',
    facts: { requestWritten: false },
    example: 'Error: connect ENOENT /var/run/docker.sock',
  },
];

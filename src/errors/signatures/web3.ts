import { family } from './signature.js';

/**
 * Blockchain JSON-RPC clients (Hardhat, ethers, web3.js) reaching a node: their own wrappers around a connection
 * that failed, which name no errno. Most often nothing listens at the RPC URL (a local node not started, one in
 * another container, 'localhost' resolving to ::1).
 */
export const web3 = family(
  'web3',
  /HH108|Cannot connect to the network|could not detect network|invalid response - 0|Could not connect to your Ethereum client|Couldn't connect to node/,
  () => [
    {
      id: 'hardhat/cannot-connect',
      pattern:
        /\bHH108\b|\bCannot connect to the network [\w.-]{1,60}\.?\s{0,3}Please make sure your node is running/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 2.5, 'client-timeout-connect': 0.5 },
      says: 'Hardhat could not reach the JSON-RPC node (HH108): nothing answered at its URL (the node not started, in another container, or localhost resolving to ::1)',
      example:
        'Error HH108: Cannot connect to the network localhost. Please make sure your node is running, and check your internet connection and networking config',
    },
    {
      id: 'ethers/no-network',
      // ethers v5 "could not detect network (event="noNetwork")" and v4's "invalid response - 0" (an HTTP status of 0:
      // no answer at all).
      pattern: /\bcould not detect network\b|\binvalid response - 0\b/,
      observer: 'client',
      rank: 2,
      causes: { 'connect-refused': 1.5, 'client-timeout-connect': 1 },
      says: 'ethers got no answer from the RPC endpoint at all (could not detect network): nothing listening there, or it is not reachable',
      example:
        'Error: could not detect network (event="noNetwork", code=NETWORK_ERROR, version=providers/5.7.2)',
    },
    {
      // Truffle's and web3.js's own words for a node that did not answer at the configured host and port (Truffle
      // goes on to list: is running, accepts RPC connections, is accessible, is configured): a development chain
      // (Ganache, geth --dev) not started, or started on another port or interface.
      id: 'truffle/cannot-connect',
      pattern:
        /\bCould not connect to your Ethereum client\b|\bCouldn't connect to node (?:https?|wss?):\/\//,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 2, 'client-timeout-connect': 0.5 },
      says: 'Truffle or web3.js got no connection to the Ethereum node at its configured URL: the node (Ganache, geth) is not running there, or listens on another port or interface',
      facts: { requestWritten: false },
      example: 'Could not connect to your Ethereum client with the following parameters:',
    },
  ],
);

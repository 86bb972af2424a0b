import { family } from './signature.js';

/**
 * Cloud NAT in front of an app's outbound calls: Azure's SNAT (App Service, a load balancer's outbound rules),
 * AWS's NAT gateway, Google's Cloud NAT. Each gives an instance a fixed number of source ports per destination
 * (Azure App Service 128, Cloud NAT 64 by default); an app that opens a new connection per call (no keep-alive
 * agent, a client made per request) runs them out under load, and further connects fail or time out.
 */
export const natGateways = family(
  'nat-gateways',
  /SNAT|ErrorPortAllocation|OUT_OF_RESOURCES|allocation_status|conntrack/,
  () => [
    {
      // Linux's connection-tracking table (kube-proxy and any NAT on the node use it) is full: new flows'
      // packets are dropped, so connects time out and health checks fail until it drains or is made larger.
      id: 'linux/conntrack-full',
      pattern: /\bnf_conntrack: (?:nf_conntrack: )?table full, dropping packet\b/,
      observer: 'platform',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { overload: 2.5 },
      says: "the node's connection-tracking table is full and it drops new connections' packets: too many flows at once for nf_conntrack_max",
      example: '[Tue Nov 20 22:30:22 2018] nf_conntrack: table full, dropping packet',
    },
    {
      id: 'nat/port-exhaustion',
      pattern:
        /\bSNAT (?:port )?(?:exhaustion|port allocation fail|ports? (?:are )?exhausted)|\bErrorPortAllocation\b|"?allocation_status"?: ?"DROPPED"|\bOUT_OF_RESOURCES\b[^\n]{0,80}\bNAT\b|\bNAT\b[^\n]{0,80}\bOUT_OF_RESOURCES\b/,
      observer: 'platform',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { overload: 2.5 },
      says: "the cloud's NAT ran out of source ports for the app's outbound connections (Azure SNAT, an AWS NAT gateway's ErrorPortAllocation, Cloud NAT's DROPPED): calls that each open a new connection exhaust them under load; reuse connections (a keep-alive agent, one client for the process)",
      example: "We've identified potential SNAT port exhaustion",
    },
  ],
);

import { family } from './signature.js';

/**
 * Message brokers (RabbitMQ through amqplib, NATS, Kafka through KafkaJS): long-lived connections that meet a
 * broker's restarts and refusals under their own protocol's words.
 */
export const brokers = family(
  'brokers',
  /CONNECTION_FORCED|Broker transport failure|Connection closed \(after|opening handshake|CONNECTION_REFUSED|KafkaJSConnectionError|Heartbeat timeout|\[Connection\] Connection timeout|Connect attempt to|:1883|:8883/,
  () => [
    {
      id: 'broker/forced-shutdown',
      // RabbitMQ's close frame to every client as it stops (amqplib prints it as the error's message).
      pattern: /\bCONNECTION_FORCED - broker forced connection closure with reason '?shutdown\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'shutdown-deploy': 3 },
      says: 'the message broker closed the connection because it was shutting down (a restart or a deploy): reconnect with backoff',
      example:
        'Error: Connection closed: 320 (CONNECTION-FORCED) with message "CONNECTION_FORCED - broker forced connection closure with reason \'shutdown\'"',
    },
    {
      id: 'broker/closed-in-handshake',
      // amqplib, when the broker drops the socket before the AMQP handshake completes: a RabbitMQ that is starting
      // or stopping (a restart, a scale-down) accepts TCP and closes it (two of three collected reports); else
      // it refused what the client sent (a vhost, credentials, plain AMQP to a TLS-only host: the third).
      pattern: /\bSocket closed abruptly during opening handshake\b/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'shutdown-deploy': 2, other: 1, 'connect-refused': 0.5 },
      says: 'the broker closed the connection during the AMQP handshake: most often a RabbitMQ starting or stopping (retry with backoff), else it refused the vhost, the credentials or a connection without TLS',
      example: 'Error: Socket closed abruptly during opening handshake',
    },
    {
      id: 'broker/connection-refused',
      // nats.js names a refused connect with a code of its own (NatsError: CONNECTION_REFUSED); browsers' net::ERR_
      // form is read with the browser's signatures.
      pattern: /(?<![\w:])CONNECTION_REFUSED\b/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 2,
      causes: {},
      says: "the client found nothing listening at the server's address (CONNECTION_REFUSED)",
      facts: { requestWritten: false },
      example: 'NatsError: CONNECTION_REFUSED',
    },
    {
      // MQTT.js in a browser speaks MQTT over WebSocket, and a broker's 1883 (8883 with TLS) takes raw MQTT only:
      // the broker accepts the TCP connection and drops the HTTP upgrade it cannot read. Brokers serve WebSocket
      // on a port of their own (Mosquitto's `listener 9001` with `protocol websockets`, EMQX 8083/8084).
      id: 'broker/websocket-to-mqtt-port',
      pattern: /\bwss?:\/\/[^\s'"/:@]{1,253}:(?:1883|8883)\b/,
      observer: 'client',
      rank: 3,
      causes: { other: 2, 'connect-refused': 0.8 },
      says: "a WebSocket client dialled the broker's raw MQTT port (1883, or 8883 with TLS), which drops the upgrade: use the port the broker serves MQTT over WebSocket on (Mosquitto's websockets listener, often 9001; EMQX 8083)",
      example: "WebSocket connection to 'ws://broker.example.com:1883/' failed:",
    },
    {
      // amqplib's heartbeat check: neither side heard from the other for two heartbeat intervals. The link went
      // silent (a NAT or firewall dropping a long-lived connection, a broker that hung) or this process could
      // not run its timers (an event loop blocked by CPU work). Unhandled, it crashes the process.
      id: 'broker/heartbeat-timeout',
      pattern:
        /\bError: Heartbeat timeout\b[^\n]{0,10}(?:\n[^\n]{0,200}){0,3}amqplib|amqplib[^\n]{0,200}\bHeartbeat timeout\b/,
      observer: 'client',
      rank: 3,
      causes: { other: 1.2, overload: 0.8, 'lb-idle-mismatch': 0.3 },
      says: "the broker connection missed its heartbeats (amqplib): the link went silent (a NAT or firewall dropping it, a hung broker) or this process's event loop was too busy to answer; listen for the connection's 'error' and reconnect",
      example:
        'Error: Heartbeat timeout\n    at Heart.<anonymous> (/app/node_modules/amqplib/lib/connection.js:427:19)',
    },
    {
      // kafka-python's connection log gives the errno of a failed connect: 60/110/10060 a timeout (an advertised
      // address that does not answer from here: a container's bridge IP, a VPC's private name).
      id: 'broker/kafka-python-connect-timeout',
      pattern: /\bConnect attempt to <BrokerConnection [^\n]{0,300}?> returned error (?:60|110|10060)\b/,
      observer: 'client',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-connect': 2, 'proxy-misconfig': 0.6 },
      says: "kafka-python's connect to a broker timed out: the address the broker advertises is not reachable from where the client runs",
      facts: { requestWritten: false },
      example:
        "Connect attempt to <BrokerConnection node_id=1 host=172.17.0.3:9092 <connecting> [IPv4 ('172.17.0.3', 9092)]> returned error 60. Disconnecting.",
    },
    {
      id: 'broker/kafka-python-connect-refused',
      pattern: /\bConnect attempt to <BrokerConnection [^\n]{0,300}?> returned error (?:61|111|10061)\b/,
      observer: 'client',
      code: 'NH_CONNECT_REFUSED',
      rank: 3,
      causes: { 'connect-refused': 2 },
      says: "kafka-python's connect to a broker was refused: nothing listens at the address the broker advertises, as seen from the client",
      facts: { requestWritten: false },
      example:
        "Connect attempt to <BrokerConnection node_id=0 host=localhost:9092 <connecting> [IPv4 ('127.0.0.1', 9092)]> returned error 111. Disconnecting.",
    },
    {
      // KafkaJS names its own connect timeout (connectionTimeout, 1 s by default): the broker's address did not
      // answer in time, often an advertised listener the client cannot reach (a container's or a VPC's name).
      id: 'broker/kafka-connection-timeout',
      // Its logger's own line says the same ({"logger":"kafkajs","message":"[Connection] Connection timeout"}).
      pattern: /\bKafkaJSConnectionError: Connection timeout\b|\[Connection\] Connection timeout\b/,
      observer: 'client',
      code: 'NH_CONNECT_TIMEOUT',
      rank: 3,
      causes: { 'client-timeout-connect': 1.5, 'proxy-misconfig': 0.8 },
      says: 'KafkaJS gave up connecting to a broker (connectionTimeout, 1 s by default): the address it was given or advertised does not answer from here, or answers slowly',
      facts: { requestWritten: false },
      example: 'KafkaJSConnectionError: Connection timeout',
    },
    {
      // librdkafka (and the clients built on it: node-rdkafka, confluent-kafka) on a broker connection that was
      // closed under it. Periodic ones follow the broker's own idle reaper (connections.max.idle.ms, 10 min) or a
      // balancer's idle timeout; librdkafka reconnects by itself.
      id: 'broker/kafka-transport-closed',
      pattern: /\bLocal: Broker transport failure\b|\bConnection closed \(after \d{1,12}ms in state UP\)/,
      observer: 'client',
      code: 'NH_RESPONSE_HANGUP',
      rank: 3,
      causes: { 'keepalive-race': 1.2, 'lb-idle-mismatch': 0.6 },
      says: 'librdkafka lost an established broker connection: most often an idle one the broker (connections.max.idle.ms, 10 min) or a balancer closed; it reconnects on its own',
      example: 'Error event: -195: Local: Broker transport failure',
    },
  ],
);

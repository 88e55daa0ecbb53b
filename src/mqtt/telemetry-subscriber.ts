import os from 'node:os';
import mqtt, { type MqttClient } from 'mqtt';
import type { AppDeps } from '../app/context.ts';
import {
  type Incoming,
  type IngestReport,
  ingestReadings,
  TelemetryCache,
  type TelemetryLimits,
} from '../app/telemetry/index.ts';

export interface SubscriberOptions {
  url: string;
  username?: string | undefined;
  password?: string | undefined;
  /**
   * The fixed base of the client ids (`{clientId}-{n}`). The broker keeps each id's session, with
   * the messages it has not acknowledged, while the server is away, and hands them back when the
   * same id connects again: so a restarted server must use the same base (default: the host name).
   */
  clientId?: string | undefined;
  /** Connections in the shared subscription; each holds at most one message awaiting its commit. */
  connections?: number;
  /** How long the broker keeps a session for a server that went away (seconds). */
  sessionExpirySeconds?: number;
  /** Messages are gathered for up to this long, or this many, and ingested in one transaction. */
  batchMs?: number;
  batchMax?: number;
  /** After a failed batch, the first wait before trying it again (doubling up to 30 s). */
  retryMs?: number;
  limits?: TelemetryLimits | undefined;
  /** Called after each committed batch (for the log, tests and the benchmark). */
  onBatch?: (report: IngestReport) => void;
  onError?: (error: unknown) => void;
  evaluateRules?: boolean;
  /** The ingestion (a test puts one here that fails or never finishes, as a crash would). */
  ingest?: typeof ingestReadings;
}

export interface TelemetrySubscriber {
  clients: MqttClient[];
  /** Ingests what is waiting now, and waits for batches in flight. */
  flush(): Promise<void>;
  /** Commits and acknowledges what is waiting, then disconnects. */
  close(): Promise<void>;
  /** Drops the connections at once, acknowledging nothing more (what a crash does; for tests). */
  abandon(): void;
}

/** `sb/{tenant}/{serial}/telemetry`: the tenant's slug and the unit's serial, from the topic. */
const TOPIC = /^sb\/([^/]+)\/([^/]+)\/telemetry$/;

/** Messages of one MQTT packet and the acknowledgement owed to the broker once they are committed. */
interface Pending {
  messages: Incoming[];
  ack: () => void;
}

/**
 * The server's side of MQTT: subscribes to every unit's telemetry topic (a shared subscription,
 * so several connections and server processes split the stream), gathers messages into batches
 * and hands each to the ingestion use case. The broker checks each unit's credentials and lets a
 * unit publish only on its own topic (its password file and ACL come from `brokerAuthFiles`); a
 * payload is one message `{at, values, alarms?}` or an array of them.
 *
 * At least once, stored once: a message (QoS 1) is acknowledged to the broker only after the
 * transaction holding its readings committed (MQTT 5 `customHandleAcks`). A server that dies
 * before has acknowledged nothing; the broker keeps the message in the session of that client id
 * (clean start off, a session expiry) and delivers it again when the server is back. A message
 * committed but not yet acknowledged comes again too, and is stored once: readings are keyed by
 * (unit, metric, time) and a repeat adds nothing (nor to the rollups, alarms or rules).
 *
 * mqtt.js works through a connection's packets one at a time: the next is not read before the
 * previous one's acknowledgement is sent. Holding the acknowledgement until the commit therefore
 * leaves one message per connection in hand, and a batch can only gather across connections: so
 * the server opens several (`connections`) in the shared group and commits what they hold
 * together every `batchMs`. A unit (or gateway) sending an array per packet batches further.
 */
export async function startTelemetrySubscriber(
  deps: AppDeps,
  options: SubscriberOptions,
): Promise<TelemetrySubscriber> {
  const batchMs = options.batchMs ?? 20;
  const batchMax = options.batchMax ?? 5000;
  const ingest = options.ingest ?? ingestReadings;
  const cache = new TelemetryCache();
  let waiting: Pending[] = [];
  let waitingMessages = 0;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  let retryMs = options.retryMs ?? 1000;
  let abandoned = false;

  const commit = async (batch: Pending[]) => {
    for (;;) {
      if (abandoned) return;
      try {
        const report = await ingest(
          deps,
          batch.flatMap((p) => p.messages),
          { cache, limits: options.limits, evaluateRules: options.evaluateRules ?? true },
        );
        retryMs = options.retryMs ?? 1000;
        if (abandoned) return;
        for (const p of batch) p.ack();
        options.onBatch?.(report);
        return;
      } catch (error) {
        // Not committed, so not acknowledged: tried again here, or by the broker after a restart.
        options.onError?.(error);
        await new Promise((r) => setTimeout(r, retryMs));
        retryMs = Math.min(retryMs * 2, 30_000);
      }
    }
  };
  const drain = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (waiting.length === 0) return chain;
    const batch = waiting;
    waiting = [];
    waitingMessages = 0;
    chain = chain.then(() => commit(batch));
    return chain;
  };
  const receive = (topic: string, payload: Buffer, ack: () => void) => {
    const match = TOPIC.exec(topic);
    // Not a telemetry topic (the subscription only matches those): nothing to keep.
    if (!match) return ack();
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      body = null;
    }
    const messages = (Array.isArray(body) ? body : [body]).map((message) => ({
      tenantKey: match[1]!,
      serial: match[2]!,
      message,
    }));
    waiting.push({ messages, ack });
    waitingMessages += messages.length;
    // Every connection holds a message it cannot pass before this batch commits: no point waiting.
    if (waitingMessages >= batchMax || waiting.length >= clients.length) void drain();
    else if (!timer) timer = setTimeout(() => void drain(), batchMs);
  };

  const base = options.clientId ?? `servicebook-${os.hostname()}`;
  const clients: MqttClient[] = [];
  try {
    for (let n = 0; n < Math.max(1, options.connections ?? 256); n++) {
      const client = await mqtt.connectAsync(options.url, {
        username: options.username,
        password: options.password,
        clientId: `${base}-${n}`,
        protocolVersion: 5,
        clean: false,
        properties: { sessionExpiryInterval: options.sessionExpirySeconds ?? 7 * 86_400 },
        reconnectPeriod: 1000,
        // Called before the message is passed on; the PUBACK goes when `done` is called.
        customHandleAcks: (topic, message, _packet, done) => receive(topic, message, () => done(0)),
      });
      // QoS 0 (a unit that asked for no acknowledgement) skips customHandleAcks: taken as it comes.
      client.on('message', (topic, message, packet) => {
        if (packet.qos === 0) receive(topic, message, () => {});
      });
      clients.push(client);
      await client.subscribeAsync('$share/servicebook/sb/+/+/telemetry', { qos: 1 });
    }
  } catch (error) {
    for (const c of clients) c.end(true);
    throw error;
  }
  return {
    clients,
    flush: async () => {
      await drain();
      await chain;
    },
    close: async () => {
      await drain();
      await chain;
      await Promise.all(clients.map((c) => c.endAsync()));
    },
    abandon: () => {
      abandoned = true;
      if (timer) clearTimeout(timer);
      waiting = [];
      for (const c of clients) c.end(true);
    },
  };
}

import { randomBytes } from 'node:crypto';
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
  /** Messages are gathered for up to this long, or this many, and ingested in one transaction. */
  batchMs?: number;
  batchMax?: number;
  limits?: TelemetryLimits | undefined;
  /** Called after each batch (for the log, tests and the benchmark). */
  onBatch?: (report: IngestReport) => void;
  onError?: (error: unknown) => void;
  evaluateRules?: boolean;
}

export interface TelemetrySubscriber {
  client: MqttClient;
  /** Ingests what is buffered now, and waits for batches in flight. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** `sb/{tenant}/{serial}/telemetry`: the tenant's slug and the unit's serial, from the topic. */
const TOPIC = /^sb\/([^/]+)\/([^/]+)\/telemetry$/;

/**
 * The server's side of MQTT: subscribes to every unit's telemetry topic (a shared subscription,
 * so several server processes split the stream), gathers messages into batches and hands each
 * to the ingestion use case. The broker checks each unit's credentials and lets a unit publish
 * only on its own topic (its password file and ACL come from `brokerAuthFiles`); a payload is one
 * message `{at, values, alarms?}` or an array of them.
 */
export async function startTelemetrySubscriber(
  deps: AppDeps,
  options: SubscriberOptions,
): Promise<TelemetrySubscriber> {
  const client = await mqtt.connectAsync(options.url, {
    username: options.username,
    password: options.password,
    clientId: `servicebook-${randomBytes(6).toString('hex')}`,
    clean: true,
    reconnectPeriod: 1000,
  });
  const batchMs = options.batchMs ?? 200;
  const batchMax = options.batchMax ?? 5000;
  const cache = new TelemetryCache();
  let buffer: Incoming[] = [];
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();
  const drain = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return chain;
    const batch = buffer;
    buffer = [];
    chain = chain.then(async () => {
      try {
        const report = await ingestReadings(deps, batch, {
          cache,
          limits: options.limits,
          evaluateRules: options.evaluateRules ?? true,
        });
        options.onBatch?.(report);
      } catch (error) {
        options.onError?.(error);
      }
    });
    return chain;
  };
  client.on('message', (topic, payload) => {
    const match = TOPIC.exec(topic);
    if (!match) return;
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      body = null;
    }
    for (const message of Array.isArray(body) ? body : [body])
      buffer.push({ tenantKey: match[1]!, serial: match[2]!, message });
    if (buffer.length >= batchMax) void drain();
    else if (!timer) timer = setTimeout(() => void drain(), batchMs);
  });
  await client.subscribeAsync('$share/servicebook/sb/+/+/telemetry', { qos: 1 });
  return {
    client,
    flush: async () => {
      await drain();
      await chain;
    },
    close: async () => {
      await client.endAsync();
      await drain();
      await chain;
    },
  };
}

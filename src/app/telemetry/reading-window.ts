import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import type { Reading } from '../../domain/telemetry/index.ts';

// The package is CommonJS; its typings describe an ES default export.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/** A window of readings as evidence holds it, and the SHA-256 of its canonical JSON. */
export function readingWindow(readings: readonly Reading[], alarms: readonly string[] = []) {
  const rows = readings
    .map((r) => ({ metric: r.metric, at: r.at.toISOString(), value: r.value }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.metric < b.metric ? -1 : 1));
  const body = { readings: rows, alarms: [...alarms].sort() };
  const sha256 = createHash('sha256')
    .update(canonicalize(body) ?? '')
    .digest('hex');
  return { ...body, sha256 };
}

import canonicalizeModule from 'canonicalize';

// The package is CommonJS (`module.exports = serialize`); its typings describe an ES default export.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/**
 * One thing that happened, as the evidence record keeps it (DESIGN.md, "The evidence record").
 * Entries are never changed: a correction, redaction or translation is a new entry pointing at
 * the old one (`refersTo`).
 */
export type SubjectType = 'case' | 'unit' | 'agreement' | 'party' | 'product' | 'calendar' | 'tenant';

export interface EntryContent {
  type: string;
  subject: { type: SubjectType; id: string };
  actor: { userId: string | null; authenticatedBy: 'session' | 'api_token' | 'cli' | 'system' };
  /** How it reached us, with the outside world's identifiers (Message-ID, waybill). */
  channel: { name: string; externalIds: Record<string, string> };
  /** When the source says it happened (an e-mail's Date, a visit report's time). */
  occurredAt: string;
  payload: unknown;
  /** SHA-256 of each attached file, in the order attached. */
  blobs: string[];
  /** The sequence number of an earlier entry this one corrects, redacts or translates. */
  refersTo: number | null;
}

export interface ChainedEntry extends EntryContent {
  tenantId: string;
  seq: number;
  /** When the server recorded it. */
  recordedAt: string;
  prevHash: string;
  hash: string;
}

/** The hash before the first entry of a tenant's chain. */
export const GENESIS_HASH = '0'.repeat(64);

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be expressed as JSON');
  return text;
}

/**
 * The exact bytes an entry's hash covers: every field but the hash itself, in RFC 8785 form,
 * so anyone can recompute it offline with any JSON canonicalizer and SHA-256.
 */
export function hashMaterial(entry: Omit<ChainedEntry, 'hash'>): string {
  return canonicalJson({
    tenantId: entry.tenantId,
    seq: entry.seq,
    type: entry.type,
    subject: entry.subject,
    actor: entry.actor,
    channel: entry.channel,
    occurredAt: entry.occurredAt,
    recordedAt: entry.recordedAt,
    payload: entry.payload,
    blobs: entry.blobs,
    refersTo: entry.refersTo,
    prevHash: entry.prevHash,
  });
}

export type Sha256 = (text: string) => string;

export function chainEntry(
  sha256: Sha256,
  previous: { seq: number; hash: string },
  content: EntryContent,
  tenantId: string,
  recordedAt: string,
): ChainedEntry {
  const unhashed = { ...content, tenantId, seq: previous.seq + 1, recordedAt, prevHash: previous.hash };
  return { ...unhashed, hash: sha256(hashMaterial(unhashed)) };
}

/** The first place a chain stops being what it claims, or nothing. */
export type ChainBreak =
  | { kind: 'gap'; seq: number; expectedSeq: number }
  | { kind: 'prev_hash_mismatch'; seq: number; expected: string; found: string }
  | { kind: 'hash_mismatch'; seq: number; expected: string; found: string };

/**
 * Checks one entry against the one before it. Verification walks the chain entry by entry, so
 * memory stays flat however long the record is.
 */
export function checkLink(
  sha256: Sha256,
  previous: { seq: number; hash: string },
  entry: ChainedEntry,
): ChainBreak | undefined {
  if (entry.seq !== previous.seq + 1) return { kind: 'gap', seq: entry.seq, expectedSeq: previous.seq + 1 };
  if (entry.prevHash !== previous.hash) {
    return { kind: 'prev_hash_mismatch', seq: entry.seq, expected: previous.hash, found: entry.prevHash };
  }
  const { hash, ...rest } = entry;
  const recomputed = sha256(hashMaterial(rest));
  if (recomputed !== hash)
    return { kind: 'hash_mismatch', seq: entry.seq, expected: recomputed, found: hash };
  return undefined;
}

/** What a checkpoint signs: the head of one tenant's chain at a moment. */
export function checkpointMaterial(checkpoint: {
  tenantId: string;
  seq: number;
  hash: string;
  signedAt: string;
}): string {
  return canonicalJson({
    tenantId: checkpoint.tenantId,
    seq: checkpoint.seq,
    hash: checkpoint.hash,
    signedAt: checkpoint.signedAt,
  });
}

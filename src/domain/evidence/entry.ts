import canonicalizeModule from 'canonicalize';

// The package is CommonJS (`module.exports = serialize`); its typings describe an ES default export.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/**
 * One thing that happened, as the evidence record keeps it (DESIGN.md, "The evidence record").
 * Entries are never changed: a correction, redaction or translation is a new entry pointing at
 * the old one (`refersTo`).
 */
export type SubjectType =
  | 'case'
  | 'unit'
  | 'agreement'
  | 'party'
  | 'product'
  | 'calendar'
  | 'tenant'
  | 'mail'
  | 'article'
  | 'supplier_request'
  | 'notice'
  | 'matter';

export interface EntryContent {
  type: string;
  subject: { type: SubjectType; id: string };
  actor: { userId: string | null; authenticatedBy: 'session' | 'api_token' | 'cli' | 'mail' | 'system' };
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

/**
 * What an entry's hash covers: everything about it, with the payload by its SHA-256. The payload
 * itself is kept beside the header, so a dossier can prove where an entry sits in the chain with
 * the headers of the entries around it, without handing over their contents.
 */
export interface EntryHeader extends Omit<EntryContent, 'payload'> {
  tenantId: string;
  seq: number;
  /** When the server recorded it. */
  recordedAt: string;
  /** SHA-256 of the payload's canonical JSON. */
  payloadHash: string;
  prevHash: string;
}

export interface ChainedEntry extends EntryHeader {
  payload: unknown;
  hash: string;
}

/** The hash before the first entry of a tenant's chain. */
export const GENESIS_HASH = '0'.repeat(64);

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be expressed as JSON');
  return text;
}

/** The exact text an entry's hash covers, in RFC 8785 form: anyone can recompute it offline. */
export function hashMaterial(header: EntryHeader): string {
  return canonicalJson({
    tenantId: header.tenantId,
    seq: header.seq,
    type: header.type,
    subject: header.subject,
    actor: header.actor,
    channel: header.channel,
    occurredAt: header.occurredAt,
    recordedAt: header.recordedAt,
    payloadHash: header.payloadHash,
    blobs: header.blobs,
    refersTo: header.refersTo,
    prevHash: header.prevHash,
  });
}

export type Sha256 = (text: string) => string;

export function headerOf(entry: ChainedEntry): EntryHeader {
  const { payload: _payload, hash: _hash, ...header } = entry;
  return header;
}

/** The key of a personal value replaced by its salted hash: `{"$redacted": "<sha256 hex>"}`. */
export const REDACTED_KEY = '$redacted';

function isRedactedMarker(value: unknown): value is Record<typeof REDACTED_KEY, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as Record<string, unknown>)[REDACTED_KEY] === 'string'
  );
}

/** What a personal value commits to: SHA-256 of the salt and the value's canonical JSON. */
export function personalCommitment(sha256: Sha256, salt: string, value: unknown): string {
  return sha256(`${salt}${canonicalJson(value)}`);
}

/**
 * The form of a payload its `payloadHash` covers: each top-level field sealed with a salt (a
 * personal value) is replaced by `{"$redacted": SHA-256(salt || value)}`, and a field already
 * redacted keeps its marker's hash and nothing else. A payload with neither (every entry written
 * before personal fields were sealed) is its own commit form, so older entries hash as they did.
 * Erasure replaces the value by the marker and forgets the salt: the hash still holds, and what
 * was there cannot be guessed back from it.
 */
export function commitForm(
  sha256: Sha256,
  payload: unknown,
  salts: Readonly<Record<string, string>>,
): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload as Record<string, unknown>)) {
    const salt = salts[key];
    if (isRedactedMarker(value)) out[key] = { [REDACTED_KEY]: value[REDACTED_KEY] };
    else if (salt !== undefined && value !== undefined)
      out[key] = { [REDACTED_KEY]: personalCommitment(sha256, salt, value) };
    else out[key] = value;
  }
  return out;
}

/** Whether a stored payload text carries redaction markers (a plain payload is checked as it is). */
export function hasRedactionMarkers(payloadText: string): boolean {
  return payloadText.includes(`"${REDACTED_KEY}"`);
}

/**
 * The payload with the named personal fields replaced by their markers (the values and salts go;
 * the commitments stay), so its commit form, and so its hash, is unchanged.
 */
export function redactFields(
  sha256: Sha256,
  payload: unknown,
  salts: Readonly<Record<string, string>>,
  fields: readonly string[],
): unknown {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  const out: Record<string, unknown> = { ...(payload as Record<string, unknown>) };
  for (const field of fields) {
    const value = out[field];
    const salt = salts[field];
    if (value === undefined || value === null || isRedactedMarker(value) || salt === undefined) continue;
    out[field] = { [REDACTED_KEY]: personalCommitment(sha256, salt, value) };
  }
  return out;
}

/**
 * Chains an entry. `salts` names the payload's personal fields and their salts: the hash then
 * covers their salted hashes, not their values (`commitForm`).
 */
export function chainEntry(
  sha256: Sha256,
  previous: { seq: number; hash: string },
  content: EntryContent,
  tenantId: string,
  recordedAt: string,
  salts: Readonly<Record<string, string>> = {},
): ChainedEntry {
  const { payload, ...rest } = content;
  const header: EntryHeader = {
    ...rest,
    tenantId,
    seq: previous.seq + 1,
    recordedAt,
    payloadHash: sha256(canonicalJson(commitForm(sha256, payload, salts))),
    prevHash: previous.hash,
  };
  return { ...header, payload, hash: sha256(hashMaterial(header)) };
}

/**
 * An entry as it is appended (issue 13: without a tenant-wide lock): its header without the link
 * (`seq` and `prevHash`), which only the sequencer knows when it chains entries in number order.
 */
export type EntryDraft = Omit<EntryHeader, 'seq' | 'prevHash'>;

/** An entry as its transaction appended it: its number, its draft header and its payload. */
export interface RecordedEntry extends EntryDraft {
  seq: number;
  payload: unknown;
}

/** The draft of an entry: what `chainEntry` makes, less the link. */
export function draftEntry(
  sha256: Sha256,
  content: EntryContent,
  tenantId: string,
  recordedAt: string,
  salts: Readonly<Record<string, string>> = {},
): { draft: EntryDraft; payload: unknown } {
  const { payload, ...rest } = content;
  return {
    draft: {
      ...rest,
      tenantId,
      recordedAt,
      payloadHash: sha256(canonicalJson(commitForm(sha256, payload, salts))),
    },
    payload,
  };
}

/** The draft's canonical text, as it is stored until the entry is chained. */
export function draftMaterial(draft: EntryDraft): string {
  return canonicalJson({
    tenantId: draft.tenantId,
    type: draft.type,
    subject: draft.subject,
    actor: draft.actor,
    channel: draft.channel,
    occurredAt: draft.occurredAt,
    recordedAt: draft.recordedAt,
    payloadHash: draft.payloadHash,
    blobs: draft.blobs,
    refersTo: draft.refersTo,
  });
}

/**
 * Chains a stored draft after `previous`: the full header (the draft with `seq` and `prevHash`),
 * its canonical text and its hash, exactly what `chainEntry` gives for the same content.
 */
export function chainDraft(
  sha256: Sha256,
  previous: { seq: number; hash: string },
  draftText: string,
): { header: EntryHeader; material: string; hash: string } {
  const draft = JSON.parse(draftText) as EntryDraft;
  const header: EntryHeader = { ...draft, seq: previous.seq + 1, prevHash: previous.hash };
  const material = hashMaterial(header);
  return { header, material, hash: sha256(material) };
}

/** The first place a chain stops being what it claims, or nothing. */
export type ChainBreak =
  | { kind: 'gap'; seq: number; expectedSeq: number }
  | { kind: 'prev_hash_mismatch'; seq: number; expected: string; found: string }
  | { kind: 'hash_mismatch'; seq: number; expected: string; found: string }
  | { kind: 'payload_mismatch'; seq: number; expected: string; found: string };

/**
 * Checks an entry as stored: its header and payload as the exact canonical texts that were
 * hashed. Any byte changed in either shows, and nothing needs re-serializing, which makes
 * walking a long record fast.
 */
export function checkStoredLink(
  sha256: Sha256,
  previous: { seq: number; hash: string },
  entry: { header: EntryHeader; headerText: string; hash: string; payloadText?: string },
): ChainBreak | undefined {
  const { header } = entry;
  if (header.seq !== previous.seq + 1) return { kind: 'gap', seq: header.seq, expectedSeq: previous.seq + 1 };
  if (header.prevHash !== previous.hash) {
    return { kind: 'prev_hash_mismatch', seq: header.seq, expected: previous.hash, found: header.prevHash };
  }
  const hashed = sha256(entry.headerText);
  if (hashed !== entry.hash)
    return { kind: 'hash_mismatch', seq: header.seq, expected: hashed, found: entry.hash };
  if (entry.payloadText !== undefined) {
    const payloadHash = sha256(entry.payloadText);
    if (payloadHash !== header.payloadHash) {
      return { kind: 'payload_mismatch', seq: header.seq, expected: header.payloadHash, found: payloadHash };
    }
  }
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

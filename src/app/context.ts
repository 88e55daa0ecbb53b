import type { Kysely } from 'kysely';
import type { BlobStore } from '../store/blob-store.ts';
import type { Database } from '../store/schema.ts';
import type { EvidenceSigner } from '../store/signing-key.ts';

/** What every use case gets: storage, and the clock and ids passed in so that tests can fix them. */
export interface AppDeps {
  db: Kysely<Database>;
  blobs: BlobStore;
  now: () => Date;
  newId: () => string;
  /** Signs checkpoints of the evidence record (Ed25519). */
  evidenceSigner: EvidenceSigner;
  /** Obtains an RFC 3161 timestamp token (DER, base64) for a signed tree head's text; none without TSA_URL. */
  timestamper?: (signedText: string) => Promise<string | null>;
  settings: AppSettings;
}

export interface AppSettings {
  sessionHours: number;
  signInMaxAttempts: number;
  signInWindowSeconds: number;
  /** The share of an SLA target at which the clock worker records a warning (0.75: at 75%). */
  slaWarnShare: number;
}

export const DEFAULT_SETTINGS: AppSettings = {
  sessionHours: 12,
  signInMaxAttempts: 10,
  signInWindowSeconds: 900,
  slaWarnShare: 0.75,
};

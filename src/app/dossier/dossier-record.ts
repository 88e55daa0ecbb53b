import type { EntryHeader } from '../../domain/evidence/index.ts';
import { sha256Hex } from '../../store/blob-store.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import {
  type Checkpoint,
  createCheckpoint,
  payloadToCheck,
  personalSaltsBetween,
  toCheckpoint,
} from '../evidence/index.ts';
import type { DossierScope } from './dossier-subject.ts';
import { dossierIndexHtml } from './dossier-texts.ts';
import type { DossierZip } from './dossier-zip.ts';

const PAGE = 500;

/** The stretch of the tenant's chain a dossier carries: from the subject's first entry to a signed checkpoint. */
export interface ChainSpan {
  first: number;
  /** The subject's newest entry. */
  last: number;
  /** The checkpoint that covers `last`; the chain in the dossier ends there. */
  checkpoint: Checkpoint;
}

/**
 * Where the subject's entries start and end in the chain, and the signed checkpoint that covers
 * the newest of them. When no checkpoint covers it yet, one is signed now (at the chain's head),
 * so a dossier made right after activity verifies at once instead of after the periodic job.
 */
export async function coveredChainSpan(deps: AppDeps, scope: DossierScope): Promise<ChainSpan> {
  const t = scope.tenantId;
  const bounds = await deps.db
    .selectFrom('timeline_entries')
    .select((eb) => [eb.fn.min('seq').as('first'), eb.fn.max('seq').as('last')])
    .where('tenant_id', '=', t)
    .where('subject_id', 'in', scope.subjectIds)
    .executeTakeFirstOrThrow();
  if (bounds.first === null || bounds.last === null) {
    throw new AppError('not_found', {
      detail: { en: 'Nothing is recorded about this subject yet.', zh: '尚无关于该对象的记录。' },
    });
  }
  const first = Number(bounds.first);
  const last = Number(bounds.last);
  const existing = await deps.db
    .selectFrom('timeline_checkpoints')
    .selectAll()
    .where('tenant_id', '=', t)
    .where('seq', '>=', last)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  const checkpoint = existing ? toCheckpoint(existing) : await createCheckpoint(deps, t);
  // The head is at or past `last`, which exists: there is always something to sign.
  if (!checkpoint || checkpoint.seq < last) throw new AppError('internal');
  return { first, last, checkpoint };
}

type EntryRow = { seq: number; material: string; payload: string; hash: string; subject_id: string };

/** The chain from `first` to the checkpoint, a page at a time (every party's entries, in order). */
async function* chainPages(deps: AppDeps, scope: DossierScope, span: ChainSpan): AsyncGenerator<EntryRow[]> {
  for (let after = span.first - 1; after < span.checkpoint.seq; ) {
    const rows = await deps.db
      .selectFrom('timeline_entries')
      .select(['seq', 'material', 'payload', 'hash', 'subject_id'])
      .where('tenant_id', '=', scope.tenantId)
      .where('seq', '>', after)
      .where('seq', '<=', span.checkpoint.seq)
      .$narrowType<{ hash: string }>() // up to a checkpoint, every entry is chained
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = Number(rows.at(-1)!.seq);
  }
}

/**
 * `chain.jsonl`: one line per entry of the span, with its contents only for the subject's own
 * (others' headers show their place in the chain without what they say). Answers a counter of the
 * subject's entries, complete once the zip is written.
 */
export function addChain(deps: AppDeps, zip: DossierZip, scope: DossierScope, span: ChainSpan) {
  const ours = new Set(scope.subjectIds);
  const counted = { subjectEntries: 0 };
  zip.addStream(
    'chain.jsonl',
    (async function* () {
      for await (const rows of chainPages(deps, scope, span)) {
        const salts = await personalSaltsBetween(
          deps.db,
          scope.tenantId,
          Number(rows[0]!.seq),
          Number(rows.at(-1)!.seq),
        );
        for (const row of rows) {
          const own = ours.has(row.subject_id);
          if (own) counted.subjectEntries++;
          const line: Record<string, unknown> = {
            seq: Number(row.seq),
            hash: row.hash,
            header: row.material,
          };
          if (own) {
            // Personal fields go in as their salted hashes (what the header's hash covers); an
            // entry redacted before fields were sealed goes in as its header only.
            const text = payloadToCheck(row.payload, salts.get(Number(row.seq)));
            const header = JSON.parse(row.material) as EntryHeader;
            if (sha256Hex(text) === header.payloadHash) line.payload = text;
            else line.redacted = true;
          }
          yield `${JSON.stringify(line)}\n`;
        }
      }
    })(),
  );
  return counted;
}

/** `index.html`: the subject's entries to read, in Chinese and English, from a second pass over the span. */
export function addReadableIndex(deps: AppDeps, zip: DossierZip, scope: DossierScope, span: ChainSpan): void {
  const ours = new Set(scope.subjectIds);
  zip.addStream(
    'index.html',
    dossierIndexHtml({
      title: scope.title,
      generatedAt: deps.now().toISOString(),
      chainFrom: span.first,
      chainTo: span.checkpoint.seq,
      signed: {
        seq: span.checkpoint.seq,
        signedAt: span.checkpoint.signedAt,
        keyId: span.checkpoint.keyId,
      },
      entries: (async function* () {
        for await (const rows of chainPages(deps, scope, span)) {
          for (const row of rows) {
            if (!ours.has(row.subject_id)) continue;
            yield {
              header: JSON.parse(row.material) as EntryHeader,
              payload: JSON.parse(row.payload) as unknown,
              hash: row.hash,
            };
          }
        }
      })(),
    }),
  );
}

/** `files/<sha256>`: the original files the subject's entries attach (photos, letters, signatures). */
export async function addAttachedFiles(
  deps: AppDeps,
  zip: DossierZip,
  scope: DossierScope,
  span: ChainSpan,
): Promise<void> {
  const blobs = new Set<string>();
  for (let after = span.first - 1; ; ) {
    const rows = await deps.db
      .selectFrom('timeline_entries')
      .select(['seq', 'material'])
      .where('tenant_id', '=', scope.tenantId)
      .where('subject_id', 'in', scope.subjectIds)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) for (const b of (JSON.parse(row.material) as EntryHeader).blobs) blobs.add(b);
    if (rows.length < PAGE) break;
    after = Number(rows.at(-1)!.seq);
  }
  for (const sha of [...blobs].sort()) {
    zip.addStream(
      `files/${sha}`,
      (async function* () {
        const bytes = await deps.blobs.get(sha);
        if (!bytes)
          throw new AppError('internal', {
            detail: { en: `The file ${sha} is missing from the blob store.`, zh: `文件 ${sha} 缺失。` },
          });
        yield bytes;
      })(),
    );
  }
}

/** `checkpoints.json` and `keys/`: the signed checkpoints within the span and the public keys to check them. */
export async function addCheckpoints(
  deps: AppDeps,
  zip: DossierZip,
  scope: DossierScope,
  span: ChainSpan,
): Promise<void> {
  const checkpoints = await deps.db
    .selectFrom('timeline_checkpoints')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('seq', '>=', span.first)
    .where('seq', '<=', span.checkpoint.seq)
    .orderBy('seq')
    .execute();
  zip.addJson(
    'checkpoints.json',
    checkpoints.map((c) => ({
      tenantId: c.tenant_id,
      seq: Number(c.seq),
      hash: c.hash,
      signedAt: c.signed_at,
      keyId: c.key_id,
      signature: c.signature,
    })),
  );
  const keys = new Map(checkpoints.map((c) => [c.key_id, c.public_key]));
  for (const [keyId, pem] of keys) zip.add(`keys/${keyId}.pem`, pem);
}

import { CalendarError, CompiledCalendar } from '../../domain/calendar/index.ts';
import { type CalendarSource, parseCalendarOrThrow } from '../calendar/index.ts';
import type { AppDeps } from '../context.ts';
import { AppError } from '../errors.ts';
import { registerBlob } from '../files/index.ts';
import { inTransaction } from '../transaction.ts';
import { recomputeCalendarClocks } from './recompute-calendar-clocks.ts';

export interface ImportedCalendar {
  key: string;
  version: number;
  name: string;
  sha256: string;
  documentId: string;
  /** False when the latest version already has exactly this text. */
  created: boolean;
}

/**
 * Stores a calendar file as a new version: the text in the blob store, the document, and the
 * validated calendar. A file that fails validation stores nothing. The same text as the latest
 * version is not a new version. Without a `version` key the next number is taken; with one, it
 * must be above every existing version (versions are never edited).
 */
export async function importCalendar(
  deps: AppDeps,
  tenantId: string,
  source: CalendarSource,
): Promise<ImportedCalendar> {
  const parsed = parseCalendarOrThrow(source);
  const spec = parsed.spec;
  try {
    new CompiledCalendar(spec);
  } catch (error) {
    if (error instanceof CalendarError) {
      throw new AppError('invalid_input', {
        fields: [{ path: `${source.name} official`, message: error.message }],
      });
    }
    throw error;
  }
  const bytes = Buffer.from(source.text, 'utf8');
  const blob = await deps.blobs.put(bytes);
  const now = deps.now();
  const imported = await inTransaction(deps, async (trx) => {
    await registerBlob(trx, tenantId, blob, 'application/yaml', now);
    const latest = await trx
      .selectFrom('documents')
      .select(['document_id', 'version', 'source_sha256'])
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'calendar')
      .where('doc_key', '=', spec.id)
      .orderBy('version', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    let documentId: string;
    let version: number;
    const created = true;
    if (latest && latest.source_sha256 === blob.sha256) {
      documentId = latest.document_id;
      version = latest.version;
      const stored = await trx
        .selectFrom('calendar_versions')
        .select('version')
        .where('tenant_id', '=', tenantId)
        .where('calendar_key', '=', spec.id)
        .where('version', '=', version)
        .executeTakeFirst();
      if (stored) {
        return { key: spec.id, version, name: spec.name, sha256: blob.sha256, documentId, created: false };
      }
    } else {
      const next = (latest?.version ?? 0) + 1;
      version = parsed.version ?? next;
      if (version < next) {
        throw new AppError('version_exists', {
          detail: {
            en: `calendar ${spec.id} has version ${next - 1} already; versions are never edited: give version ${next} or leave it out.`,
            zh: `日历 ${spec.id} 已有第 ${next - 1} 版；版本不可修改：请写第 ${next} 版或不写版本号。`,
          },
        });
      }
      documentId = deps.newId();
      await trx
        .insertInto('documents')
        .values({
          tenant_id: tenantId,
          document_id: documentId,
          kind: 'calendar',
          doc_key: spec.id,
          version,
          title: spec.name,
          source_name: source.name,
          source_sha256: blob.sha256,
          media_type: 'application/yaml',
          loaded_at: now,
        })
        .execute();
    }
    await trx
      .insertInto('calendar_versions')
      .values({
        tenant_id: tenantId,
        calendar_key: spec.id,
        version,
        name: spec.name,
        timezone: spec.timezone,
        official: spec.official ?? null,
        spec: JSON.stringify(spec),
        document_id: documentId,
        source_name: source.name,
        source_sha256: blob.sha256,
        created_at: now,
      })
      .execute();
    return { key: spec.id, version, name: spec.name, sha256: blob.sha256, documentId, created };
  });
  // A new version moves the deadlines of the clocks that run on this calendar.
  if (imported.created && imported.version > 1) {
    await recomputeCalendarClocks(
      deps,
      { tenantId, userId: null, authenticatedBy: 'system' },
      { key: imported.key, version: imported.version },
    );
  }
  return imported;
}

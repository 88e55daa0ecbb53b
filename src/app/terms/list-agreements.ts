import type { Actor } from '../../domain/access/index.ts';
import { requireAccess } from '../access.ts';
import type { AppDeps } from '../context.ts';
import { type AgreementVersionView, toVersionView, versionColumns } from './agreement-store.ts';

export interface AgreementSummary {
  id: string;
  kind: string;
  title: string;
  provider: string;
  recipient: string;
  /** The parties' names; null for a key that names no party (a recipient may be a group). */
  providerName: string | null;
  recipientName: string | null;
  latestVersion: number;
  versions: AgreementVersionView[];
}

/** Every agreement of the tenant with all its versions, oldest version first. */
export async function listAgreements(
  deps: AppDeps,
  actor: Actor,
  filter: { kind?: string | undefined } = {},
): Promise<AgreementSummary[]> {
  requireAccess(actor, 'read', 'agreement');
  let query = deps.db
    .selectFrom('agreement_versions')
    .select(versionColumns())
    .where('tenant_id', '=', actor.tenantId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  const rows = await query.orderBy('agreement_key').orderBy('version').execute();
  const byId = new Map<string, AgreementSummary>();
  for (const row of rows) {
    const view = toVersionView(row);
    const entry = byId.get(view.id);
    if (entry) {
      entry.versions.push(view);
      entry.latestVersion = view.version;
      entry.title = view.title;
      entry.kind = view.kind;
    } else {
      byId.set(view.id, {
        id: view.id,
        kind: view.kind,
        title: view.title,
        provider: view.provider,
        recipient: view.recipient,
        providerName: null,
        recipientName: null,
        latestVersion: view.version,
        versions: [view],
      });
    }
  }
  const summaries = [...byId.values()];
  const keys = [...new Set(summaries.flatMap((a) => [a.provider, a.recipient]))];
  const names = new Map(
    keys.length === 0
      ? []
      : (
          await deps.db
            .selectFrom('parties')
            .select(['key', 'name'])
            .where('tenant_id', '=', actor.tenantId)
            .where('key', 'in', keys)
            .execute()
        ).map((p) => [p.key, p.name] as const),
  );
  for (const a of summaries) {
    a.providerName = names.get(a.provider) ?? null;
    a.recipientName = names.get(a.recipient) ?? null;
  }
  return summaries;
}

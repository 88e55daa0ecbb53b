import { createHash } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { Actor } from '../../domain/access/access.ts';
import type { EntryHeader } from '../../domain/evidence/entry.ts';
import type { Agreement } from '../../domain/terms/agreement.ts';
import { diffAgreements } from '../../domain/terms/diff.ts';
import { requireAccess } from '../access.ts';
import { calendarFor, clockView } from '../case/case-clocks.ts';
import type { AppDeps } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { toCostLineViews } from '../ledger/cost-line-view.ts';
import { dossierIndexHtml, VERIFY_MD } from './dossier-texts.ts';

export type DossierSubject =
  | { type: 'case'; number: string }
  | { type: 'party'; key: string }
  | { type: 'agreement'; key: string };

export interface DossierSummary {
  title: { en: string; zh: string };
  entries: number;
  chainFrom: number;
  chainTo: number;
  signedAt: string | null;
  files: number;
}

const PAGE = 500;

/** The record's subjects a dossier is about: ids as the timeline names them, and the cases among them. */
async function resolveSubject(deps: AppDeps, t: string, subject: DossierSubject) {
  const db = deps.db;
  if (subject.type === 'case') {
    const row = await db
      .selectFrom('cases')
      .select(['case_id', 'unit_id', 'number'])
      .where('tenant_id', '=', t)
      .where('number', '=', subject.number)
      .executeTakeFirst();
    if (!row) throw notFound({ en: `No case ${subject.number}.`, zh: `没有服务单 ${subject.number}。` });
    return {
      title: { en: `Case ${row.number}`, zh: `服务单 ${row.number}` },
      subjectIds: [row.case_id, ...(row.unit_id ? [row.unit_id] : [])],
      caseIds: [row.case_id],
    };
  }
  if (subject.type === 'party') {
    const party = await db
      .selectFrom('parties')
      .select(['party_id', 'name', 'name_zh'])
      .where('tenant_id', '=', t)
      .where('key', '=', subject.key)
      .executeTakeFirst();
    if (!party) throw notFound({ en: `No party ${subject.key}.`, zh: `没有当事方 ${subject.key}。` });
    const cases = await db
      .selectFrom('cases')
      .select('case_id')
      .where('tenant_id', '=', t)
      .where((eb) =>
        eb.or([eb('customer_party_id', '=', party.party_id), eb('service_party_id', '=', party.party_id)]),
      )
      .execute();
    const units = await db
      .selectFrom('units')
      .select('unit_id')
      .where('tenant_id', '=', t)
      .where('owner_party_id', '=', party.party_id)
      .execute();
    const caseIds = cases.map((c) => c.case_id);
    return {
      title: { en: `Party ${party.name}`, zh: `当事方 ${party.name_zh ?? party.name}` },
      subjectIds: [party.party_id, ...caseIds, ...units.map((u) => u.unit_id)],
      caseIds,
    };
  }
  const versions = await db
    .selectFrom('agreement_versions')
    .select('title')
    .where('tenant_id', '=', t)
    .where('agreement_key', '=', subject.key)
    .execute();
  if (versions.length === 0)
    throw notFound({ en: `No agreement ${subject.key}.`, zh: `没有协议 ${subject.key}。` });
  const cases = await db
    .selectFrom('case_clocks')
    .select('case_id')
    .distinct()
    .where('tenant_id', '=', t)
    .where('agreement_id', '=', subject.key)
    .execute();
  const caseIds = cases.map((c) => c.case_id);
  return {
    title: { en: `Agreement ${subject.key}`, zh: `协议 ${subject.key}` },
    subjectIds: [subject.key, ...caseIds],
    caseIds,
  };
}

/**
 * Streams a dossier (a zip) about a case, a party or an agreement to `output`: the subject's
 * entries with their contents, the headers of every entry between them and the signed checkpoint
 * that covers them (so their place in the chain can be checked without others' contents), the
 * original files, every agreement version that applied with its changes, the SLA clocks
 * recomputed from their raw events, the checkpoints and public keys, a readable index in Chinese
 * and English, how to verify, and a manifest of SHA-256 hashes. Read a page at a time throughout.
 */
export async function exportDossier(
  deps: AppDeps,
  tenantId: string,
  subject: DossierSubject,
  output: Writable,
): Promise<DossierSummary> {
  const t = tenantId;
  const db = deps.db;
  const resolved = await resolveSubject(deps, t, subject);
  const subjectIds = new Set(resolved.subjectIds);

  const bounds = await db
    .selectFrom('timeline_entries')
    .select((eb) => [
      eb.fn.min('seq').as('first'),
      eb.fn.max('seq').as('last'),
      eb.fn.countAll<number>().as('n'),
    ])
    .where('tenant_id', '=', t)
    .where('subject_id', 'in', resolved.subjectIds)
    .executeTakeFirstOrThrow();
  if (bounds.first === null || bounds.last === null) {
    throw new AppError('not_found', {
      detail: { en: 'Nothing is recorded about this subject yet.', zh: '尚无关于该对象的记录。' },
    });
  }
  const first = Number(bounds.first);
  const last = Number(bounds.last);
  const checkpoint = await db
    .selectFrom('timeline_checkpoints')
    .selectAll()
    .where('tenant_id', '=', t)
    .where('seq', '>=', last)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  const head = await db
    .selectFrom('timeline_heads')
    .select('seq')
    .where('tenant_id', '=', t)
    .executeTakeFirstOrThrow();
  const chainTo = checkpoint ? Number(checkpoint.seq) : Number(head.seq);

  const zip = new ZipFile();
  const manifest: Record<string, string> = {};
  const hashed = (name: string, source: AsyncIterable<string | Buffer>) => {
    zip.addReadStreamLazy(name, (cb) => {
      const hash = createHash('sha256');
      const stream = Readable.from(
        (async function* () {
          for await (const chunk of source) {
            const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
            hash.update(bytes);
            yield bytes;
          }
          manifest[name] = hash.digest('hex');
        })(),
      );
      cb(null, stream);
    });
  };
  const add = (name: string, content: string | Buffer) => {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    manifest[name] = createHash('sha256').update(bytes).digest('hex');
    zip.addBuffer(bytes, name);
  };

  // Entries: one line each, contents only for the subject's own; pages of the chain as we go.
  const blobs = new Set<string>();
  let subjectEntries = 0;
  async function* pages() {
    for (let after = first - 1; after < chainTo; ) {
      const rows = await db
        .selectFrom('timeline_entries')
        .select(['seq', 'material', 'payload', 'hash', 'subject_id'])
        .where('tenant_id', '=', t)
        .where('seq', '>', after)
        .where('seq', '<=', chainTo)
        .orderBy('seq')
        .limit(PAGE)
        .execute();
      if (rows.length === 0) return;
      yield rows;
      after = Number(rows.at(-1)!.seq);
    }
  }
  hashed(
    'chain.jsonl',
    (async function* () {
      for await (const rows of pages()) {
        for (const row of rows) {
          const ours = subjectIds.has(row.subject_id);
          if (ours) subjectEntries++;
          const line: Record<string, unknown> = {
            seq: Number(row.seq),
            hash: row.hash,
            header: row.material,
          };
          if (ours) line.payload = row.payload;
          yield `${JSON.stringify(line)}\n`;
        }
      }
    })(),
  );
  // The readable index goes through the subject's entries again, a page at a time.
  hashed(
    'index.html',
    dossierIndexHtml({
      title: resolved.title,
      generatedAt: deps.now().toISOString(),
      chainFrom: first,
      chainTo,
      signed: checkpoint
        ? { seq: Number(checkpoint.seq), signedAt: checkpoint.signed_at, keyId: checkpoint.key_id }
        : null,
      entries: (async function* () {
        for await (const rows of pages()) {
          for (const row of rows) {
            if (!subjectIds.has(row.subject_id)) continue;
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

  // The files the subject's entries attach, found with a first pass over its entries' headers.
  for (let after = first - 1; ; ) {
    const rows = await db
      .selectFrom('timeline_entries')
      .select(['seq', 'material'])
      .where('tenant_id', '=', t)
      .where('subject_id', 'in', resolved.subjectIds)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) for (const b of (JSON.parse(row.material) as EntryHeader).blobs) blobs.add(b);
    if (rows.length < PAGE) break;
    after = Number(rows.at(-1)!.seq);
  }
  for (const sha of [...blobs].sort()) {
    hashed(
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

  // Agreements that applied: every version the cases' clocks and decisions rest on, with their changes.
  const clockRows = resolved.caseIds.length
    ? await db
        .selectFrom('case_clocks')
        .selectAll()
        .where('tenant_id', '=', t)
        .where('case_id', 'in', resolved.caseIds)
        .execute()
    : [];
  const decisions = resolved.caseIds.length
    ? await db
        .selectFrom('cases')
        .select(['case_id', 'number', 'decision'])
        .where('tenant_id', '=', t)
        .where('case_id', 'in', resolved.caseIds)
        .execute()
    : [];
  const applied = new Set<string>(clockRows.map((c) => `${c.agreement_id}@${c.agreement_version}`));
  for (const d of decisions) {
    const decision = (typeof d.decision === 'string' ? JSON.parse(d.decision) : d.decision) as {
      rests_on?: { agreement: string; version: number }[];
    } | null;
    for (const c of decision?.rests_on ?? []) applied.add(`${c.agreement}@${c.version}`);
  }
  if (subject.type === 'agreement') {
    const all = await db
      .selectFrom('agreement_versions')
      .select('version')
      .where('tenant_id', '=', t)
      .where('agreement_key', '=', subject.key)
      .execute();
    for (const v of all) applied.add(`${subject.key}@${v.version}`);
  }
  const agreementIds = [...new Set([...applied].map((a) => a.split('@')[0]!))];
  if (agreementIds.length > 0) {
    const versions = await db
      .selectFrom('agreement_versions')
      .selectAll()
      .where('tenant_id', '=', t)
      .where('agreement_key', 'in', agreementIds)
      .orderBy('agreement_key')
      .orderBy('version')
      .execute();
    for (const v of versions) {
      if (!applied.has(`${v.agreement_key}@${v.version}`)) continue;
      const source = await deps.blobs.get(v.source_sha256);
      if (source)
        add(
          `agreements/${v.agreement_key}/v${v.version}${v.media_type.includes('json') ? '.json' : '.yaml'}`,
          source,
        );
    }
    for (const id of agreementIds) {
      const list = versions.filter((v) => v.agreement_key === id);
      const changes = list.slice(1).map((v, i) => ({
        from: list[i]!.version,
        to: v.version,
        diff: diffAgreements(parseContent(list[i]!.content), parseContent(v.content)),
      }));
      if (changes.length > 0) add(`agreements/${id}/changes.json`, `${JSON.stringify(changes, null, 2)}\n`);
    }
  }

  // SLA clocks recomputed from their raw events (start, pauses, stop) on the calendar version they recorded.
  const at = Math.floor(deps.now().getTime() / 1000);
  const recomputed = [];
  const calendars = new Map<string, unknown>();
  for (const c of clockRows) {
    const view = await clockView(db, t, c, at);
    const calendar = await calendarFor(db, t, c);
    if (c.calendar_key) calendars.set(`${c.calendar_key}-v${c.calendar_version}`, calendar.spec);
    recomputed.push({
      case: decisions.find((d) => d.case_id === c.case_id)?.number,
      side: c.side,
      owedBy: c.owed_by,
      agreement: `${c.agreement_id}@${c.agreement_version}`,
      ref: c.ref,
      target: c.target,
      duration: c.duration,
      clock: c.clock_type,
      calendar: c.calendar_key ? `${c.calendar_key}@${c.calendar_version}` : 'wall time',
      targetBusinessSeconds: c.target_seconds,
      startedAt: new Date(Number(c.started_at) * 1000).toISOString(),
      pauses: c.pauses.map((p) => ({
        from: new Date(p.from * 1000).toISOString(),
        to: p.to === null ? null : new Date(p.to * 1000).toISOString(),
      })),
      stoppedAt: c.stopped_at === null ? null : new Date(Number(c.stopped_at) * 1000).toISOString(),
      recomputed: {
        dueAt: view.dueAt,
        status: view.status,
        remainingSeconds: view.remainingSeconds,
        overdueSeconds: view.overdueSeconds,
        ...(view.deadlinePending ? { deadlinePending: view.deadlinePending } : {}),
      },
      recorded: {
        dueAt: c.due_at === null ? null : new Date(Number(c.due_at) * 1000).toISOString(),
        status: c.status,
      },
    });
  }
  add('sla/clocks.json', `${JSON.stringify(recomputed, null, 2)}\n`);
  for (const [name, spec] of calendars)
    add(`sla/calendars/${name}.json`, `${JSON.stringify(spec, null, 2)}\n`);
  add(
    'sla/METHOD.md',
    '# How the SLA clocks were recomputed / SLA 时钟的重新计算方法\n\n' +
      'Each clock starts at `startedAt` and runs for `targetBusinessSeconds` of business time of the calendar version it recorded ' +
      '(`sla/calendars/`): business time is counted only inside the open windows of each local day (official holidays closed, ' +
      'makeup working days open, `dates` overrides first), and not inside `pauses`. The deadline is the instant that much business ' +
      "time has passed; a deadline at a window's close is that close. A clock stopped by its deadline is met, later breached. " +
      "Wall-time clocks count every second. A business day (`P1D`) is the calendar's standard working day. " +
      'A deadline falling in a year whose official holidays were not loaded when the dossier was made is not guessed: ' +
      '`dueAt` is null and `deadlinePending` names the year and the instant it is not before.\n\n' +
      '每个时钟自 `startedAt` 起，按所记录的日历版本计算 `targetBusinessSeconds` 秒的工作时间：只计营业时段内的时间（法定节假日休息、调休工作日上班），' +
      '暂停期间不计。截止时间为累计满该工作时间之时刻。若截止时间落在导出时尚未载入法定节假日的年份，则不作推测：' +
      '`dueAt` 为空，`deadlinePending` 注明年份及截止时间不早于的时刻。\n',
  );
  // The cost lines of the cases, with bearer, payee and the clause that assigns each.
  const costRows = resolved.caseIds.length
    ? await db
        .selectFrom('cost_lines')
        .selectAll()
        .where('tenant_id', '=', t)
        .where('case_id', 'in', resolved.caseIds)
        .orderBy('occurred_on')
        .orderBy('created_at')
        .orderBy('line_id')
        .execute()
    : [];
  add('costs.json', `${JSON.stringify({ lines: await toCostLineViews(db, t, costRows) }, null, 2)}\n`);
  const checkpoints = await db
    .selectFrom('timeline_checkpoints')
    .selectAll()
    .where('tenant_id', '=', t)
    .where('seq', '>=', first)
    .where('seq', '<=', chainTo)
    .orderBy('seq')
    .execute();
  add(
    'checkpoints.json',
    `${JSON.stringify(
      checkpoints.map((c) => ({
        tenantId: c.tenant_id,
        seq: Number(c.seq),
        hash: c.hash,
        signedAt: c.signed_at,
        keyId: c.key_id,
        signature: c.signature,
      })),
      null,
      2,
    )}\n`,
  );
  const keys = new Map(checkpoints.map((c) => [c.key_id, c.public_key]));
  for (const [keyId, pem] of keys) add(`keys/${keyId}.pem`, pem);
  add('VERIFY.md', VERIFY_MD);

  // Last, the manifest: by the time it is written every file before it has been hashed.
  zip.addReadStreamLazy('manifest.json', (cb) => {
    const text = `${JSON.stringify({ algorithm: 'SHA-256', files: Object.fromEntries(Object.entries(manifest).sort()) }, null, 2)}\n`;
    cb(null, Readable.from([Buffer.from(text)]));
  });
  zip.end();
  await pipeline(zip.outputStream as unknown as Readable, output);
  return {
    title: resolved.title,
    entries: subjectEntries,
    chainFrom: first,
    chainTo,
    signedAt: checkpoint?.signed_at ?? null,
    files: Object.keys(manifest).length,
  };
}

function parseContent(content: unknown): Agreement {
  return (typeof content === 'string' ? JSON.parse(content) : content) as Agreement;
}

/** A dossier for counsel and the brand's staff, about their own tenant. */
export function exportDossierAs(
  deps: AppDeps,
  actor: Actor,
  subject: DossierSubject,
  output: Writable,
): Promise<DossierSummary> {
  requireAccess(actor, 'read', 'evidence');
  return exportDossier(deps, actor.tenantId, subject, output);
}

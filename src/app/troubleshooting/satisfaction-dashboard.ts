import { sql } from 'kysely';
import type { Actor } from '../../domain/access/index.ts';
import { visibilityOf } from '../../domain/access/index.ts';
import type { Label } from '../../domain/label.ts';
import { averageScore } from '../../domain/survey/index.ts';
import { readJson } from '../../store/schema.ts';
import type { AppDeps } from '../context.ts';
import { AppError, invalid } from '../errors.ts';

const DAY = 86_400_000;

/** A walk that ended solved is deflected when its customer opens no case on that product within this. */
export const DEFLECTION_WINDOW_DAYS = 7;

export interface ScoreGroup {
  id: string | null;
  name: Label;
  answers: number;
  average: number | null;
}

export interface SatisfactionDashboard {
  from: string;
  to: string;
  deflection: {
    solvedWalks: number;
    /** Solved, and no case of that customer on that product in the 7 days after. */
    deflected: number;
    /** Solved less than 7 days ago, no case yet: not counted either way until the window passes. */
    pending: number;
    rate: number | null;
    windowDays: number;
  };
  /** Guides ranked by the cases they prevented (solved walks with no case of that customer on that product in 7 days). */
  walks: {
    tree: string;
    title: Label | null;
    walks: number;
    solved: number;
    cases: number;
    prevented: number;
  }[];
  /**
   * Articles ranked by the cases they prevented: customers' reads (one per article, customer and
   * day) followed by no case of that customer within 7 days; `followed` reads had a case after
   * them, `pending` ones are younger than 7 days.
   */
  articles: {
    key: string;
    title: Label | null;
    reads: number;
    prevented: number;
    followed: number;
    pending: number;
  }[];
  csat: {
    answers: number;
    average: number | null;
    byProduct: ScoreGroup[];
    byPartner: ScoreGroup[];
    byAgent: ScoreGroup[];
    recent: { caseId: string; caseNumber: string; score: number; comment: string | null; answeredAt: Date }[];
  };
  helpfulness: { subject: string; key: string; title: Label | null; helpful: number; notHelpful: number }[];
}

const NONE: Label = { en: '(none)', zh: '（无）' };

/**
 * Deflection and satisfaction for the brand's staff, over a period of days (UTC, both included; the last 90 days by default).
 * Every part is read by an index: the period's solved walks (`troubleshooting_walks_solved`), each
 * probed for a case of its customer in the 7 days after (`cases_by_customer_opened`), the
 * period's answered surveys from `case_surveys_answered` alone (it includes what they are grouped
 * by), the guides' walks by `troubleshooting_walks_solved` and the walks of the period, and the
 * helpfulness tally (one row per article or guide).
 */
export async function satisfactionDashboard(
  deps: AppDeps,
  actor: Actor,
  asked: { from?: string | undefined; to?: string | undefined } = {},
): Promise<SatisfactionDashboard> {
  if (visibilityOf(actor).kind !== 'tenant' || actor.role === 'counsel') throw new AppError('forbidden');
  const tenant = actor.tenantId;
  const today = deps.now().getTime();
  // Days as UTC dates; `to` is taken as the last day shown, so the period ends the day after it.
  const period = {
    from: asked.from ?? new Date(today - 90 * DAY).toISOString().slice(0, 10),
    to: asked.to ?? new Date(today).toISOString().slice(0, 10),
  };
  const from = new Date(`${period.from}T00:00:00Z`);
  const to = new Date(Date.parse(`${period.to}T00:00:00Z`) + DAY);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
    throw invalid([{ path: '/querystring/from', message: 'a day as YYYY-MM-DD' }]);
  // A solved walk is deflected once its window has passed with no case; until then it is pending.
  const deflection = await sql<{ solved: string; deflected: string; pending: string }>`
    SELECT count(*) AS solved,
           count(*) FILTER (WHERE NOT followed AND w_end <= ${deps.now()}) AS deflected,
           count(*) FILTER (WHERE NOT followed AND w_end > ${deps.now()}) AS pending
    FROM (
      SELECT w.ended_at + make_interval(days => ${DEFLECTION_WINDOW_DAYS}) AS w_end,
             EXISTS (
               SELECT 1 FROM cases c
               JOIN units u ON u.tenant_id = c.tenant_id AND u.unit_id = c.unit_id
               WHERE c.tenant_id = w.tenant_id AND c.customer_party_id = w.customer_party_id
                 AND c.opened_at >= w.ended_at
                 AND c.opened_at < w.ended_at + make_interval(days => ${DEFLECTION_WINDOW_DAYS})
                 AND u.product_id = w.product_id
             ) AS followed
      FROM troubleshooting_walks w
      WHERE w.tenant_id = ${tenant} AND w.outcome = 'solved' AND w.case_id IS NULL
        AND w.ended_at >= ${from} AND w.ended_at < ${to}
    ) solved_walks
  `.execute(deps.db);
  const solved = Number(deflection.rows[0]?.solved ?? 0);
  const deflected = Number(deflection.rows[0]?.deflected ?? 0);
  const pending = Number(deflection.rows[0]?.pending ?? 0);

  const walks = await sql<{
    tree_key: string;
    walks: string;
    solved: string;
    cases: string;
    prevented: string;
  }>`
    SELECT tree_key, count(*) AS walks,
           count(*) FILTER (WHERE outcome = 'solved') AS solved,
           count(*) FILTER (WHERE outcome IN ('technician', 'part')) AS cases,
           count(*) FILTER (WHERE outcome = 'solved' AND case_id IS NULL
             AND ended_at + make_interval(days => ${DEFLECTION_WINDOW_DAYS}) <= ${deps.now()}
             AND NOT EXISTS (
               SELECT 1 FROM cases c
               JOIN units u ON u.tenant_id = c.tenant_id AND u.unit_id = c.unit_id
               WHERE c.tenant_id = w.tenant_id AND c.customer_party_id = w.customer_party_id
                 AND c.opened_at >= w.ended_at
                 AND c.opened_at < w.ended_at + make_interval(days => ${DEFLECTION_WINDOW_DAYS})
                 AND u.product_id = w.product_id)) AS prevented
    FROM troubleshooting_walks w
    WHERE tenant_id = ${tenant} AND ended_at >= ${from} AND ended_at < ${to} AND outcome IS NOT NULL
    GROUP BY tree_key ORDER BY prevented DESC, cases ASC, tree_key LIMIT 100
  `.execute(deps.db);

  // Articles by the cases their reads prevented, each read probed for a case of its customer in
  // the 7 days after (`kb_article_reads_by_time`, then `cases_by_customer_opened`).
  const articleRanks = await sql<{
    article_id: string;
    reads: string;
    prevented: string;
    followed: string;
    pending: string;
  }>`
    SELECT article_id, count(*) AS reads,
           count(*) FILTER (WHERE NOT followed AND w_end <= ${deps.now()}) AS prevented,
           count(*) FILTER (WHERE followed) AS followed,
           count(*) FILTER (WHERE NOT followed AND w_end > ${deps.now()}) AS pending
    FROM (
      SELECT r.article_id, r.read_at + make_interval(days => ${DEFLECTION_WINDOW_DAYS}) AS w_end,
             EXISTS (
               SELECT 1 FROM cases c
               WHERE c.tenant_id = r.tenant_id AND c.customer_party_id = r.customer_party_id
                 AND c.opened_at >= r.read_at
                 AND c.opened_at < r.read_at + make_interval(days => ${DEFLECTION_WINDOW_DAYS})
             ) AS followed
      FROM kb_article_reads r
      WHERE r.tenant_id = ${tenant} AND r.read_at >= ${from} AND r.read_at < ${to}
    ) article_reads
    GROUP BY article_id ORDER BY prevented DESC, followed ASC, reads DESC, article_id LIMIT 20
  `.execute(deps.db);
  const articleRows =
    articleRanks.rows.length === 0
      ? []
      : await deps.db
          .selectFrom('kb_articles')
          .select(['article_id', 'key', 'texts'])
          .where('tenant_id', '=', tenant)
          .where(
            'article_id',
            'in',
            articleRanks.rows.map((r) => r.article_id),
          )
          .execute();
  const articleNames = new Map(
    articleRows.map((a) => {
      const texts = readJson(a.texts) as { en?: { title?: string } | null; zh?: { title?: string } | null };
      const en = texts.en?.title ?? texts.zh?.title ?? a.key;
      return [a.article_id, { key: a.key, title: { en, zh: texts.zh?.title ?? en } }] as const;
    }),
  );

  const answered = deps.db
    .selectFrom('case_surveys')
    .where('tenant_id', '=', tenant)
    .where('answered_at', '>=', from)
    .where('answered_at', '<', to)
    .where('answered_at', 'is not', null);
  const total = await answered
    .select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(score), 0)`.as('sum')])
    .executeTakeFirstOrThrow();
  const groupBy = async (column: 'product_id' | 'partner_party_id' | 'agent_user_id') =>
    (
      await answered
        .select([column, sql<string>`count(*)`.as('n'), sql<string>`sum(score)`.as('sum')])
        .groupBy(column)
        .execute()
    ).map((r) => ({
      id: (r as Record<string, string | null>)[column] ?? null,
      n: Number(r.n),
      sum: Number(r.sum),
    }));
  const [products, partners, agents] = await Promise.all([
    groupBy('product_id'),
    groupBy('partner_party_id'),
    groupBy('agent_user_id'),
  ]);
  const names = async (
    table: 'products' | 'parties' | 'users',
    ids: (string | null)[],
  ): Promise<Map<string, Label>> => {
    const wanted = ids.filter((id): id is string => id !== null);
    if (wanted.length === 0) return new Map();
    if (table === 'products') {
      const rows = await deps.db
        .selectFrom('products')
        .select(['product_id', 'model', 'name', 'name_zh'])
        .where('tenant_id', '=', tenant)
        .where('product_id', 'in', wanted)
        .execute();
      return new Map(rows.map((r) => [r.product_id, { en: r.name, zh: r.name_zh ?? r.name }]));
    }
    if (table === 'parties') {
      const rows = await deps.db
        .selectFrom('parties')
        .select(['party_id', 'name', 'name_zh'])
        .where('tenant_id', '=', tenant)
        .where('party_id', 'in', wanted)
        .execute();
      return new Map(rows.map((r) => [r.party_id, { en: r.name, zh: r.name_zh ?? r.name }]));
    }
    const rows = await deps.db
      .selectFrom('users')
      .select(['user_id', 'name'])
      .where('tenant_id', '=', tenant)
      .where('user_id', 'in', wanted)
      .execute();
    return new Map(rows.map((r) => [r.user_id, { en: r.name, zh: r.name }]));
  };
  const grouped = async (
    table: 'products' | 'parties' | 'users',
    rows: { id: string | null; n: number; sum: number }[],
  ): Promise<ScoreGroup[]> => {
    const named = await names(
      table,
      rows.map((r) => r.id),
    );
    return rows
      .map((r) => ({
        id: r.id,
        name: (r.id && named.get(r.id)) || NONE,
        answers: r.n,
        average: averageScore(r.sum, r.n),
      }))
      .sort((a, b) => (b.average ?? 0) - (a.average ?? 0) || b.answers - a.answers);
  };
  const recent = await deps.db
    .selectFrom('case_surveys as s')
    .innerJoin('cases as c', (j) =>
      j.onRef('c.tenant_id', '=', 's.tenant_id').onRef('c.case_id', '=', 's.case_id'),
    )
    .select(['s.case_id', 'c.number', 's.score', 's.comment', 's.answered_at'])
    .where('s.tenant_id', '=', tenant)
    .where('s.answered_at', '>=', from)
    .where('s.answered_at', '<', to)
    .where('s.answered_at', 'is not', null)
    .orderBy('s.answered_at', 'desc')
    .limit(10)
    .execute();
  const helpfulness = await deps.db
    .selectFrom('knowledge_helpfulness')
    .select(['subject', 'key', 'helpful', 'not_helpful'])
    .where('tenant_id', '=', tenant)
    .orderBy('helpful', 'desc')
    .orderBy('not_helpful', 'asc')
    .orderBy('key')
    .limit(20)
    .execute();
  // Guides by their titles, not their keys (articles are named by the knowledge base's side).
  const treeKeys = [
    ...new Set([
      ...walks.rows.map((r) => r.tree_key),
      ...helpfulness.filter((h) => h.subject === 'tree').map((h) => h.key),
    ]),
  ];
  const titles = new Map<string, Label>();
  if (treeKeys.length > 0) {
    const rows = await deps.db
      .selectFrom('troubleshooting_trees')
      .distinctOn('key')
      .select(['key', 'spec'])
      .where('tenant_id', '=', tenant)
      .where('key', 'in', treeKeys)
      .orderBy('key')
      .orderBy('version', 'desc')
      .execute();
    for (const r of rows) titles.set(r.key, readJson(r.spec).title);
  }
  const n = Number(total.n);
  return {
    from: period.from,
    to: period.to,
    deflection: {
      solvedWalks: solved,
      deflected,
      pending,
      rate: solved - pending === 0 ? null : Math.round((deflected / (solved - pending)) * 1000) / 1000,
      windowDays: DEFLECTION_WINDOW_DAYS,
    },
    walks: walks.rows.map((r) => ({
      tree: r.tree_key,
      title: titles.get(r.tree_key) ?? null,
      walks: Number(r.walks),
      solved: Number(r.solved),
      cases: Number(r.cases),
      prevented: Number(r.prevented),
    })),
    articles: articleRanks.rows.map((r) => ({
      key: articleNames.get(r.article_id)?.key ?? r.article_id,
      title: articleNames.get(r.article_id)?.title ?? null,
      reads: Number(r.reads),
      prevented: Number(r.prevented),
      followed: Number(r.followed),
      pending: Number(r.pending),
    })),
    csat: {
      answers: n,
      average: averageScore(Number(total.sum), n),
      byProduct: await grouped('products', products),
      byPartner: await grouped('parties', partners),
      byAgent: await grouped('users', agents),
      recent: recent.map((r) => ({
        caseId: r.case_id,
        caseNumber: r.number,
        score: r.score!,
        comment: r.comment,
        answeredAt: r.answered_at!,
      })),
    },
    helpfulness: helpfulness.map((r) => ({
      subject: r.subject,
      key: r.key,
      title: r.subject === 'tree' ? (titles.get(r.key) ?? null) : null,
      helpful: r.helpful,
      notHelpful: r.not_helpful,
    })),
  };
}

import type { Actor } from '../../domain/access/index.ts';
import { type Candidate, suggestTechnician } from '../../domain/field/index.ts';
import type { AppDeps } from '../context.ts';
import { loadPool, loadVisit, withFirstSlots } from './dispatch-facts.ts';
import { forbidden, mayDispatch } from './field-access.ts';

export interface CandidateView {
  technicianId: string;
  name: string;
  eligible: boolean;
  meetsDeadline: boolean;
  km: number;
  travelMinutes: number;
  arrivesAt: string | null;
  load: number;
  score: number;
  reasons: { code: string; en: string; zh: string }[];
}

export interface SuggestionView {
  caseId: string;
  serial: string;
  product: string;
  siteId: string;
  onsiteDueAt: string | null;
  best: CandidateView | null;
  ranked: CandidateView[];
}

const iso = (t: number | null) => (t === null ? null : new Date(t * 1000).toISOString());

export function candidateView(c: Candidate): CandidateView {
  return {
    technicianId: c.technicianId,
    name: c.name,
    eligible: c.eligible,
    meetsDeadline: c.meetsDeadline,
    km: Math.round(c.km * 10) / 10,
    travelMinutes: Math.round(c.travelSeconds / 60),
    arrivesAt: iso(c.arrivesAt),
    load: c.load,
    score: c.score,
    reasons: c.reasons,
  };
}

/**
 * The best technician for a case's on-site visit, with the reasons (skill, territory, load,
 * travel, the on-site deadline) for it and for every other technician of the pool.
 */
export async function suggestForCase(deps: AppDeps, actor: Actor, caseId: string): Promise<SuggestionView> {
  const now = deps.now();
  const visit = await loadVisit(deps.db, actor, caseId, now);
  if (!mayDispatch(actor, visit.servicePartyId))
    throw forbidden('Only dispatchers see suggestions.', '只有调度人员可以查看派工建议。');
  const at = Math.floor(now.getTime() / 1000);
  const pool = await withFirstSlots(
    await loadPool(deps.db, actor.tenantId, visit.servicePartyId, at),
    visit,
    at,
  );
  const s = suggestTechnician(
    visit.facts,
    pool.map((m) => m.facts),
  );
  return {
    caseId,
    serial: visit.serial,
    product: visit.product,
    siteId: visit.site.id,
    onsiteDueAt: iso(visit.dueAt),
    best: s.best ? candidateView(s.best) : null,
    ranked: s.ranked.map(candidateView),
  };
}

import { calendarFor } from '../calendar/index.ts';
import { clockView } from '../case/index.ts';
import type { AppDeps } from '../context.ts';
import type { DossierCases } from './dossier-cases.ts';
import type { DossierScope } from './dossier-subject.ts';
import type { DossierZip } from './dossier-zip.ts';

const SLA_METHOD =
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
  '`dueAt` 为空，`deadlinePending` 注明年份及截止时间不早于的时刻。\n';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * `sla/`: each SLA clock recomputed from its raw events (start, pauses, stop) on the calendar
 * version it recorded, beside what was recorded at the time; the calendars used; and the method.
 */
export async function addSlaRecomputation(
  deps: AppDeps,
  zip: DossierZip,
  scope: DossierScope,
  cases: DossierCases,
): Promise<void> {
  const t = scope.tenantId;
  const at = Math.floor(deps.now().getTime() / 1000);
  const recomputed = [];
  const calendars = new Map<string, unknown>();
  for (const c of cases.clocks) {
    const view = await clockView(deps.db, t, c, at);
    const calendar = await calendarFor(deps.db, t, c);
    if (c.calendar_key) calendars.set(`${c.calendar_key}-v${c.calendar_version}`, calendar.spec);
    recomputed.push({
      case: cases.decisions.find((d) => d.caseId === c.case_id)?.number,
      side: c.side,
      owedBy: c.owed_by,
      agreement: `${c.agreement_id}@${c.agreement_version}`,
      ref: c.ref,
      target: c.target,
      duration: c.duration,
      clock: c.clock_type,
      calendar: c.calendar_key ? `${c.calendar_key}@${c.calendar_version}` : 'wall time',
      targetBusinessSeconds: c.target_seconds,
      startedAt: iso(Number(c.started_at)),
      pauses: c.pauses.map((p) => ({ from: iso(p.from), to: p.to === null ? null : iso(p.to) })),
      stoppedAt: c.stopped_at === null ? null : iso(Number(c.stopped_at)),
      recomputed: {
        dueAt: view.dueAt,
        status: view.status,
        remainingSeconds: view.remainingSeconds,
        overdueSeconds: view.overdueSeconds,
        ...(view.deadlinePending ? { deadlinePending: view.deadlinePending } : {}),
      },
      recorded: {
        dueAt: c.due_at === null ? null : iso(Number(c.due_at)),
        status: c.status,
      },
    });
  }
  zip.addJson('sla/clocks.json', recomputed);
  for (const [name, spec] of calendars) zip.addJson(`sla/calendars/${name}.json`, spec);
  zip.add('sla/METHOD.md', SLA_METHOD);
}

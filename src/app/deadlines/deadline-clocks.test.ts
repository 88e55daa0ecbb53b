import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DeadlineClockRow,
  deadlineClockRow,
  deadlineClockView,
  nextDeadlineCheck,
} from './deadline-clocks.ts';

const ORDER = ['running', 'warned', 'breached'] as const;

const rowFor = (start: number, span: number, share: number): DeadlineClockRow => {
  const row = deadlineClockRow({ settings: { slaWarnShare: share } as never }, 't', {
    kind: 'return_approval',
    subjectId: 's',
    caseId: 'c',
    label: 'R-000001',
    partyId: null,
    agreementId: 'a',
    ref: '§6',
    startedAt: new Date(start),
    dueAt: new Date(start + span),
  });
  return row as DeadlineClockRow;
};

describe('deadline clocks', () => {
  it('warn at their share of the time, between start and deadline, and move only forward', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
        fc.integer({ min: 0, max: 90 * 86_400_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 100 * 86_400_000 }),
        fc.integer({ min: 0, max: 100 * 86_400_000 }),
        (start, span, share, a, b) => {
          const row = rowFor(start, span, share);
          expect(row.warn_at.getTime()).toBeGreaterThanOrEqual(start);
          expect(row.warn_at.getTime()).toBeLessThanOrEqual(row.due_at.getTime());
          expect(row.next_check_at).toEqual(row.warn_at);
          const [early, later] = a <= b ? [a, b] : [b, a];
          const s1 = deadlineClockView(row, new Date(start + early)).status;
          const s2 = deadlineClockView(row, new Date(start + later)).status;
          expect(ORDER.indexOf(s1 as never)).toBeLessThanOrEqual(ORDER.indexOf(s2 as never));
          // At the deadline itself it is not yet breached; a millisecond later it is.
          expect(deadlineClockView(row, new Date(start + span)).status).not.toBe('breached');
          expect(deadlineClockView(row, new Date(start + span + 1)).status).toBe('breached');
        },
      ),
    );
  });

  it('are looked at at the warning point, then just past the deadline, then never; a stopped one never', () => {
    const row = rowFor(0, 4_000, 0.75);
    expect(nextDeadlineCheck(row)).toEqual(new Date(3_000));
    const warned = { ...row, warned_at: new Date(3_000) };
    expect(nextDeadlineCheck(warned)).toEqual(new Date(4_001));
    expect(nextDeadlineCheck({ ...warned, breached_at: new Date(4_001) })).toBeNull();
    expect(nextDeadlineCheck({ ...row, stopped_at: new Date(10) })).toBeNull();
    const stopped = deadlineClockView(
      { ...row, stopped_at: new Date(5_000), stopped_by: 'approved' },
      new Date(9_000),
    );
    expect(stopped).toMatchObject({ status: 'stopped', late: true, stoppedBy: 'approved' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketOf } from '../src/app/case/service-dashboard.ts';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/** Friday 2026-11-20 18:30 in Shanghai: business time stands still until Monday 09:00. */
const now = new Date('2026-11-20T10:30:00Z');
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => now });
});
afterAll(async () => {
  await server?.close();
});

type Buckets = { bucket: string; cases: number }[];
const count = (b: Buckets, bucket: string) => b.find((x) => x.bucket === bucket)?.cases ?? 0;

describe('open cases by remaining time', () => {
  it('counts business time left on the case’s calendar, not wall time', async () => {
    const manager = await Session.signIn(server.app, 'manager@acme.example');
    const before: Buckets = (await manager.get('/api/v1/dashboard/service')).json().openByRemaining;
    const opened = await manager.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'high',
      customer: 'ruijin-hospital',
      serial: 'CH9-2025-00417',
      description: 'Chiller alarms E12 on Friday evening.',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const clocks = opened.json().clocks as {
      clock: string;
      status: string;
      dueAt: string;
      remainingSeconds: number;
    }[];
    const running = clocks.filter((c) => c.status === 'running');
    const business = running.reduce((m, c) => Math.min(m, c.remainingSeconds), Number.POSITIVE_INFINITY);
    const wall = running.reduce(
      (m, c) => Math.min(m, (Date.parse(c.dueAt) - now.getTime()) / 1000),
      Number.POSITIVE_INFINITY,
    );
    // Over the weekend the wall clock runs on while business time does not: the buckets differ.
    expect(running.some((c) => c.clock === 'business')).toBe(true);
    expect(bucketOf(business)).not.toBe(bucketOf(wall));
    const after: Buckets = (await manager.get('/api/v1/dashboard/service')).json().openByRemaining;
    for (const { bucket } of after)
      expect(count(after, bucket) - count(before, bucket), bucket).toBe(
        bucket === bucketOf(business) ? 1 : 0,
      );
  });

  it('sorts business seconds into buckets', () => {
    expect([undefined, -1, 0, 60, 4 * 3600, 24 * 3600 - 1, 24 * 3600, 72 * 3600].map(bucketOf)).toEqual([
      'none',
      'overdue',
      'overdue',
      'under_4h',
      'under_1d',
      'under_1d',
      'under_3d',
      'later',
    ]);
  });
});

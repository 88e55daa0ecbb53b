import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from './support/database.ts';
import { newServerStorage, type ServerStorage, startServerProcess } from './support/server-process.ts';
import { type ReceivedMail, startSmtpSink } from './support/smtp-sink.ts';

/**
 * Killing the server during delivery sends nothing twice that was recorded as sent: a real server
 * process sends to a real SMTP server, which holds its answer to one message while the process is
 * killed (-9) — the ambiguous moment: the MTA has the message, the sender has not heard "250".
 */
let storage: ServerStorage;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let held: ReceivedMail | undefined;
let release: (() => void) | undefined;
let heldSignal: () => void = () => undefined;
const heldNow = new Promise<void>((resolve) => {
  heldSignal = resolve;
});

beforeAll(async () => {
  storage = await newServerStorage();
  sink = await startSmtpSink({
    hold: (mail) => {
      if (held || !watchCase || !mail.messageId?.includes(watchCase) || countOf(watchCase) < 3)
        return undefined;
      held = mail;
      heldSignal();
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    },
  });
  Object.assign(process.env, {
    MAIL_SMTP_URL: sink.url,
    MAIL_FROM: 'ACME Service <service@acme.example>',
    MAIL_DOMAIN: 'acme.example',
    DELIVERY_INTERVAL_MS: '100',
    DELIVERY_SENDING_LEASE_SECONDS: '2',
  });
});
afterAll(async () => {
  release?.();
  await sink?.close();
  await storage?.dispose();
});

let watchCase: string | undefined;
const countOf = (caseId: string) => sink.received.filter((m) => m.messageId?.includes(caseId)).length;

async function signIn(url: string, email: string) {
  const response = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'servicebook-demo' }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('sb_session='))!
    .split(';')[0]!;
  const csrf = ((await response.json()) as { csrfToken: string }).csrfToken;
  return {
    post: (path: string, body: unknown) =>
      fetch(`${url}/api/v1${path}`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    get: async (path: string) =>
      (await fetch(`${url}/api/v1${path}`, { headers: { cookie } })).json() as Promise<{
        items: Array<Record<string, unknown>>;
      }>,
  };
}

describe(`delivery killed mid-send on ${ENGINE}`, () => {
  it('sends nothing twice that was recorded as sent; the one in flight is failed for an admin, not resent', async () => {
    let server = await startServerProcess(storage, 200_000);
    const agent = await signIn(server.url, 'agent@acme.example');
    const opened = await agent.post('/cases', {
      kind: 'inquiry',
      severity: 'normal',
      serial: 'CH9-2024-00031',
      description: 'Noise from the chiller',
    });
    expect(opened.status).toBe(201);
    const caseId = ((await opened.json()) as { id: string }).id;
    watchCase = caseId;
    for (let i = 1; i <= 6; i++) {
      const r = await agent.post(`/cases/${caseId}/messages`, { body: `Update ${i}`, visibility: 'public' });
      expect(r.status).toBe(200);
    }
    await Promise.race([
      heldNow,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no mail held:\n${server.output()}`)), 180_000),
      ),
    ]);
    // The MTA has the third mail to the customer and has not answered: kill the sender now.
    server.child.kill('SIGKILL');
    expect((await server.exited).signal).toBe('SIGKILL');
    release?.();
    const beforeRestart = sink.received.length;

    server = await startServerProcess(storage, 200_000);
    try {
      const admin = await signIn(server.url, 'admin@acme.example');
      // Wait until nothing is queued or being sent (the interrupted mail's lease is 2 s).
      const deadline = Date.now() + 180_000;
      for (;;) {
        const [queued, sending] = await Promise.all([
          admin.get('/mail-deliveries?state=queued&limit=500'),
          admin.get('/mail-deliveries?state=sending&limit=500'),
        ]);
        const mine = [...queued.items, ...sending.items].filter((d) => d.caseId === caseId);
        if (mine.length === 0) break;
        if (Date.now() > deadline)
          throw new Error(`still queued: ${JSON.stringify(mine)}\n${server.output()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const sent = (await admin.get('/mail-deliveries?state=sent&limit=500')).items.filter(
        (d) => d.caseId === caseId,
      );
      const failed = (await admin.get('/mail-deliveries?state=failed&limit=500')).items.filter(
        (d) => d.caseId === caseId,
      );

      // Every mail of the case: the acknowledgement and six replies, to the customer.
      expect(sent.length + failed.length).toBe(7);
      expect(sink.received.length).toBeGreaterThan(beforeRestart);
      const key = (messageId: unknown, to: unknown) => `${String(messageId)} ${String(to)}`;
      const receivedKeys = sink.received
        .filter((m) => m.messageId?.includes(caseId))
        .flatMap((m) => m.to.map((to) => key(m.messageId, to)));
      // Nothing arrived twice…
      expect(new Set(receivedKeys).size).toBe(receivedKeys.length);
      // …every mail recorded as sent arrived exactly once…
      for (const d of sent) expect(receivedKeys.filter((k) => k === key(d.messageId, d.to))).toHaveLength(1);
      // …and the one in flight at the kill is failed with the reason, and was not sent again.
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ messageId: held?.messageId, to: 'customer@ruijin.example' });
      expect(String(failed[0]?.lastError)).toMatch(/interrupted/);
      expect(receivedKeys.filter((k) => k === key(held?.messageId, 'customer@ruijin.example'))).toHaveLength(
        1,
      );
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  }, 600_000);
});

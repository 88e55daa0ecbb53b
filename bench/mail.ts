/**
 * E-mail in benchmark: cases opened per second by mail through the SMTP listener, beside the same
 * cases opened over HTTP (POST /api/v1/cases) in the same run, on the same database (PGlite in
 * memory, or PostgreSQL when DATABASE_URL is set: a scratch database made for the run).
 *
 * Both ways open the same case: Zhang Wei's purifier PA3-2026-118842, a repair with its clocks,
 * decision and evidence entry. The mail way also parses the MIME, checks DKIM/SPF/DMARC/ARC (DNS
 * answered from memory: no network), stores the raw .eml as a blob, and records the mail (unique
 * by Message-ID) with its own evidence entry. The SMTP client is nodemailer with a pool of 4
 * connections, the HTTP clients 4 concurrent `fetch` loops with a session; all in this process.
 */

import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { seedDemo } from '../src/app/demo/index.ts';
import { checkReadiness } from '../src/app/system/index.ts';
import { buildApp } from '../src/http/app.ts';
import { startSmtpListener } from '../src/mail/index.ts';
import { openTestDatabase } from '../test/support/database.ts';
import { DEMO_PASSWORD, EXAMPLES_DIR } from '../test/support/http.ts';

const CASES = Number(process.env.BENCH_MAIL_CASES ?? 300);
const CLIENTS = 4;
const SERVICE = 'service@acme.example';

function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export async function run(): Promise<void> {
  const db = await openTestDatabase();
  try {
    process.stdout.write(
      `database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (memory)'}; ${CASES} cases each way, ${CLIENTS} clients\n`,
    );
    await seedDemo(db.deps, EXAMPLES_DIR);
    const app = await buildApp({ app: db.deps, readiness: () => checkReadiness(db.deps.db), logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const smtp = await startSmtpListener(
      db.deps,
      {
        addresses: { [SERVICE]: 'acme' },
        mailDomain: 'mail.acme.test',
        maxBytes: 1_000_000,
        floodLimit: 0,
        floodWindowSeconds: 3600,
        hostname: 'mx.bench',
        resolver: async (name) => {
          const error = new Error(`ENOTFOUND ${name}`) as Error & { code: string };
          error.code = 'ENOTFOUND';
          throw error;
        },
      },
      { port: 0, host: '127.0.0.1', log: pino({ level: 'silent' }) },
    );

    const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'zhang.wei@example.com', password: DEMO_PASSWORD }),
    });
    const cookie =
      signIn.headers
        .getSetCookie()
        .find((c) => c.startsWith('sb_session='))
        ?.split(';')[0] ?? '';
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };

    const overHttp = async (i: number) => {
      const response = await fetch(`${base}/api/v1/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({
          kind: 'repair',
          severity: 'normal',
          serial: 'PA3-2026-118842',
          description: `Filter PA3-2026-118842 rattles (bench ${i})\n\n滤网异响。`,
          channel: 'email',
        }),
      });
      if (response.status !== 201) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    };
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: CLIENTS,
      maxMessages: Number.POSITIVE_INFINITY,
    });
    const overSmtp = async (i: number) => {
      const info = await transport.sendMail({
        from: '张伟 Zhang Wei <zhang.wei@example.com>',
        to: SERVICE,
        subject: `Filter PA3-2026-118842 rattles (bench ${i})`,
        text: '滤网异响。',
        messageId: `<${randomUUID()}@example.com>`,
      });
      if (!/Received C-\d+/.test(info.response)) throw new Error(`SMTP answered ${info.response}`);
    };
    const timed = async (label: string, send: (i: number) => Promise<void>) => {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < CASES) await send(next++);
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      return { label, rate: CASES / seconds, seconds };
    };
    // Warm both paths up first, then measure them one after the other, each twice, alternating.
    for (let i = 0; i < 10; i++) {
      await overHttp(-i);
      await overSmtp(-i);
    }
    const results = [] as { label: string; rate: number; seconds: number }[];
    for (let round = 0; round < 2; round++) {
      results.push(await timed('HTTP POST /api/v1/cases', overHttp));
      results.push(await timed('mail through the SMTP listener', overSmtp));
    }
    const best = (label: string) => Math.max(...results.filter((r) => r.label === label).map((r) => r.rate));
    const http = best('HTTP POST /api/v1/cases');
    const mail = best('mail through the SMTP listener');
    process.stdout.write(
      `cases/s by mail (SMTP listener): ${fmt(mail)}   beside cases/s over HTTP: ${fmt(http)}   (mail ÷ HTTP = ${fmt(mail / http, 2)})\n`,
    );
    for (const r of results)
      process.stdout.write(`  ${r.label}: ${CASES} cases in ${fmt(r.seconds, 2)} s = ${fmt(r.rate)} /s\n`);
    const counted = await db.deps.db
      .selectFrom('mail_inbound')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('outcome', '=', 'case_opened')
      .executeTakeFirstOrThrow();
    process.stdout.write(`mail recorded as opening a case: ${counted.n}\n`);
    transport.close();
    await smtp.close();
    await app.close();
  } finally {
    await db.close();
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, EXAMPLES_DIR, Session, startDemoServer } from './support/http.ts';

let server: DemoServer;
let counsel: Session;
let partner: Session;

const TERMS_DIR = path.join(EXAMPLES_DIR, 'terms');
const files = fs
  .readdirSync(TERMS_DIR)
  .sort()
  .map((f) => ({ name: f, text: fs.readFileSync(path.join(TERMS_DIR, f), 'utf8') }));
const data = fs.readFileSync(path.join(EXAMPLES_DIR, 'review/acme-data.yaml'), 'utf8');

beforeAll(async () => {
  server = await startDemoServer();
  counsel = await Session.signIn(server.app, 'counsel@acme.example');
  partner = await Session.signIn(server.app, 'partner@fixit.example');
});
afterAll(async () => {
  await server?.close();
});

describe('terms review over HTTP', () => {
  it('reviews the given files with the review data: lines by money, mark-up, triggers', async () => {
    const r = await counsel.post('/api/v1/terms/review', { files, data });
    expect(r.statusCode).toBe(200);
    const review = r.json();
    expect(review.lines[0].amount).toBe(Math.max(...review.lines.map((l: { amount: number }) => l.amount)));
    expect(review.markup.after.counts.high).toBe(0);
    expect(review.triggers.length).toBeGreaterThan(8);
  });

  it('serves the summary, the redline and the Word mark-up for download', async () => {
    const summary = await counsel.post('/api/v1/terms/review', {
      files,
      data,
      output: 'summary',
      lang: 'zh',
    });
    expect(summary.headers['content-type']).toContain('text/html');
    expect(summary.body).toContain('服务风险摘要');
    const docx = await counsel.post('/api/v1/terms/review', { files, data, output: 'markup_docx' });
    expect(docx.headers['content-disposition']).toContain('markup.docx');
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('a service partner cannot review the brand terms', async () => {
    const r = await partner.post('/api/v1/terms/review', { files, data });
    expect([403, 404]).toContain(r.statusCode);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

/** Issue 12: a customer's uploaded HTML page ran as the brand agent who opened it. */
let server: DemoServer;
let customer: Session;
let agent: Session;
let caseId: string;
beforeAll(async () => {
  server = await startDemoServer({ now: () => new Date('2026-11-23T01:30:00Z') });
  customer = await Session.signIn(server.app, 'customer@ruijin.example');
  agent = await Session.signIn(server.app, 'agent@acme.example');
  const opened = await customer.post('/api/v1/cases', {
    kind: 'repair',
    severity: 'high',
    serial: 'CH9-2025-00417',
    description: 'Chiller alarms E12.',
  });
  expect(opened.statusCode).toBe(201);
  caseId = opened.json().id;
});
afterAll(async () => {
  await server?.close();
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PAGE = Buffer.from('<html><body><script>document.title = "owned"</script></body></html>');

const file = (name: string, mediaType: string, bytes: Buffer) => ({
  name,
  mediaType,
  contentBase64: bytes.toString('base64'),
});

async function sendWith(attachments: ReturnType<typeof file>[]) {
  return customer.post(`/api/v1/cases/${caseId}/messages`, { body: 'See attached.', attachments });
}

async function attachmentsOf(id: string) {
  const activity = (await agent.get(`/api/v1/cases/${id}/activity`)).json();
  return activity.messages.flatMap((m: { attachments: unknown[] }) => m.attachments) as {
    name: string;
    mediaType: string;
    sha256: string;
  }[];
}

describe('files uploaded by one party and opened by another', () => {
  it('serve an uploaded HTML page as a sandboxed download, never as a page of the app', async () => {
    const sent = await sendWith([
      file('invoice.html', 'text/html', PAGE),
      file('photo.png', 'text/html', PNG),
      file('receipt.pdf', 'application/pdf', PDF),
      file('"evil\\name;.png', 'image/png', Buffer.from('<svg onload="alert(1)"/>')),
    ]);
    expect(sent.statusCode).toBe(200);
    const files = await attachmentsOf(caseId);
    expect(files).toHaveLength(4);
    const [page, photo, pdf, disguised] = files as [
      (typeof files)[0],
      (typeof files)[0],
      (typeof files)[0],
      (typeof files)[0],
    ];

    const html = await agent.get(`/api/v1/cases/${caseId}/files/${page.sha256}`);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).not.toMatch(/html/);
    expect(html.headers['content-disposition']).toMatch(/^attachment; filename="invoice.html"/);
    expect(html.headers['x-content-type-options']).toBe('nosniff');
    expect(html.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(html.rawPayload.equals(PAGE)).toBe(true);

    // Bytes that are an image are shown in place as what they are, whatever was declared.
    expect(photo.mediaType).toBe('image/png');
    const image = await agent.get(`/api/v1/cases/${caseId}/files/${photo.sha256}`);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['content-disposition']).toMatch(/^inline;/);
    expect(image.headers['content-security-policy']).toContain("default-src 'none'");
    expect(image.headers['content-security-policy']).toContain('sandbox');

    const shownPdf = await agent.get(`/api/v1/cases/${caseId}/files/${pdf.sha256}`);
    expect(shownPdf.headers['content-type']).toBe('application/pdf');
    expect(shownPdf.headers['content-disposition']).toMatch(/^inline;/);
    expect(shownPdf.headers['content-security-policy']).toContain("default-src 'none'");
    // The case page's viewer frames a PDF: our own pages only, never another site.
    expect(shownPdf.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(shownPdf.headers['x-frame-options']).toBe('SAMEORIGIN');
    // Nothing else may be framed at all: a page or an image stays DENY.
    expect(html.headers['x-frame-options']).toBe('DENY');
    expect(image.headers['x-frame-options']).toBe('DENY');

    // A page declared as an image is still a page: a download, with a name that cannot break the header.
    const fake = await agent.get(`/api/v1/cases/${caseId}/files/${disguised.sha256}`);
    expect(fake.headers['content-type']).toBe('application/octet-stream');
    expect(fake.headers['content-disposition']).toBe(
      `attachment; filename="_evil_name_.png"; filename*=UTF-8''_evil_name_.png`,
    );
  });

  it('refuses a declared media type with CR/LF or that is not a media type, storing nothing', async () => {
    for (const mediaType of ['text/html\r\nSet-Cookie: a=b', 'image/png\n', 'not a type', 'text/html; x=1']) {
      const refused = await sendWith([file('x.png', mediaType, PNG)]);
      expect(refused.statusCode, mediaType).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json().errors[0].path).toBe('/body/attachments/0/mediaType');
    }
    expect(await attachmentsOf(caseId)).toHaveLength(4);
  });

  it('serve document and terms sources as downloads under the same policy', async () => {
    const admin = await Session.signIn(server.app, 'admin@acme.example');
    const docs = (await admin.get('/api/v1/documents')).json().items as { id: string }[];
    const source = await admin.get(`/api/v1/documents/${docs[0]!.id}/source`);
    expect(source.statusCode).toBe(200);
    expect(source.headers['content-disposition']).toMatch(/^attachment;/);
    expect(source.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(source.headers['x-content-type-options']).toBe('nosniff');
  });
});

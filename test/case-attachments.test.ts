import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, Session, startDemoServer } from './support/http.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ now: () => new Date('2026-11-23T01:30:00Z') });
});
afterAll(async () => {
  await server?.close();
});

// A 1×1 PNG: a photo as small as a photo gets.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('the files attached to a case', () => {
  it('shows the photo a customer attached when opening the request, to the customer and the agent, and to no one else', async () => {
    const zhang = await Session.signIn(server.app, 'zhang.wei@example.com');
    const opened = await zhang.post('/api/v1/cases', {
      kind: 'repair',
      severity: 'normal',
      serial: 'PA3-2026-118842',
      description: '滤网发出异响 / the filter rattles',
      attachments: [{ name: '滤网.png', mediaType: 'image/png', contentBase64: PNG }],
    });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().id as string;

    const seen = await zhang.get(`/api/v1/cases/${id}`);
    expect(seen.statusCode).toBe(200);
    const [photo] = seen.json().attachments;
    expect(seen.json().attachments).toHaveLength(1);
    expect(photo).toMatchObject({
      name: '滤网.png',
      mediaType: 'image/png',
      size: Buffer.from(PNG, 'base64').byteLength,
      addedWith: 'opening',
      addedBy: { name: expect.any(String), party: expect.any(String) },
      addedAt: '2026-11-23T01:30:00.000Z',
      href: `/api/v1/cases/${id}/files/${photo.sha256}`,
    });
    const download = await zhang.get(photo.href);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.rawPayload.equals(Buffer.from(PNG, 'base64'))).toBe(true);

    // The agent sees it too, then adds an internal note with a file the customer must not see.
    const agent = await Session.signIn(server.app, 'agent@acme.example');
    const forAgent = await agent.get(`/api/v1/cases/${id}`);
    expect(forAgent.json().attachments).toEqual([photo]);
    expect((await agent.get(photo.href)).statusCode).toBe(200);
    const noted = await agent.post(`/api/v1/cases/${id}/messages`, {
      body: 'Supplier batch suspected.',
      visibility: 'internal',
      attachments: [
        {
          name: 'batch.txt',
          mediaType: 'text/plain',
          contentBase64: Buffer.from('batch 7').toString('base64'),
        },
      ],
    });
    expect(noted.statusCode).toBe(200);
    const internal = noted.json().attachments.find((a: { name: string }) => a.name === 'batch.txt');
    expect(internal).toMatchObject({ addedWith: 'message', mediaType: 'text/plain' });
    expect(noted.json().attachments.map((a: { name: string }) => a.name)).toEqual(['滤网.png', 'batch.txt']);
    expect((await zhang.get(`/api/v1/cases/${id}`)).json().attachments).toEqual([photo]);
    expect((await zhang.get(internal.href)).statusCode).toBe(404);

    // Another customer: no case, no file.
    const ruijin = await Session.signIn(server.app, 'customer@ruijin.example');
    expect((await ruijin.get(`/api/v1/cases/${id}`)).statusCode).toBe(404);
    const foreign = await ruijin.get(photo.href);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.rawPayload.equals(Buffer.from(PNG, 'base64'))).toBe(false);
  });
});

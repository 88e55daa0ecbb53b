import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_ROOT } from './support/browser.ts';
import { type DemoServer, startDemoServer } from './support/http.ts';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ webRoot: WEB_ROOT });
});
afterAll(async () => {
  await server?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  server.app.inject({ method: 'GET', url, headers });

describe('the built web pages', () => {
  const index = fs.readFileSync(path.join(WEB_ROOT, 'index.html'), 'utf8');
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1]!;

  it('serves the page at / and at client routes, never cached without asking', async () => {
    for (const url of [
      '/',
      '/portal/requests/00000000-0000-0000-0000-000000000000',
      '/console',
      '/signin?x=1',
    ]) {
      const response = await get(url, { accept: 'text/html' });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets precompressed (brotli, else gzip) and immutable for a year', async () => {
    const br = await get(script, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toMatch(/javascript/);
    const raw = fs.statSync(path.join(WEB_ROOT, script)).size;
    expect(Number(br.headers['content-length'])).toBeLessThan(raw / 2);
    const gz = await get(script, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await get(script);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBe(raw);
  });

  it('keeps the API’s own 404s, and a missing asset is a 404, not the page', async () => {
    const api = await get('/api/v1/no-such-thing', { accept: 'text/html' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    const asset = await get('/assets/missing-123.js');
    expect(asset.statusCode).toBe(404);
    expect(asset.headers['content-type']).toMatch(/problem\+json/);
    const post = await server.app.inject({ method: 'POST', url: '/portal' });
    expect(post.statusCode).toBe(404);
  });

  it('compresses API replies', async () => {
    const response = await get('/api/openapi.json', { 'accept-encoding': 'br' });
    expect(response.headers['content-encoding']).toBe('br');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_ROOT } from './support/browser.ts';
import { type DemoServer, startDemoServer } from './support/http.ts';

/** Issue 12: no Content-Security-Policy, and any site could frame the app. */
let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer({ webRoot: WEB_ROOT });
});
afterAll(async () => {
  await server?.close();
});

const get = (url: string) => server.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });

function directives(header: unknown): Map<string, string> {
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values.join(' ')]),
  );
}

describe('security headers', () => {
  it('give the pages a strict policy: scripts from this server only, no framing, no referrer path', async () => {
    for (const url of ['/', '/console', '/portal/requests/x']) {
      const page = await get(url);
      expect(page.statusCode, url).toBe(200);
      const csp = directives(page.headers['content-security-policy']);
      expect(csp.get('script-src'), url).toBe("'self'");
      expect(csp.get('default-src')).toBe("'self'");
      expect(csp.get('object-src')).toBe("'none'");
      expect(csp.get('frame-ancestors')).toBe("'none'");
      expect(csp.get('base-uri')).toBe("'self'");
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    }
  });

  it('are on the assets, the API and its errors too', async () => {
    for (const url of ['/api/v1/me', '/api/v1/nothing-here', '/healthz']) {
      const response = await get(url);
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(directives(response.headers['content-security-policy']).get('frame-ancestors'), url).toBe(
        "'none'",
      );
    }
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('gives a new user an embedded database in ./data on port 3000 with the demo', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve(import.meta.dirname, '..', 'data'));
    expect(config.demoSeed).toBe('auto');
    expect(config.trustProxy).toBe(false);
  });

  it('takes the public URL mails link to, absolute http(s), defaulting to localhost on the port', () => {
    expect(loadConfig({}).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://service.acme.example/' }).publicUrl).toBe(
      'https://service.acme.example',
    );
    expect(loadConfig({ PUBLIC_URL: 'https://acme.example/service' }).publicUrl).toBe(
      'https://acme.example/service',
    );
    for (const bad of ['/portal', 'service.acme.example', 'ftp://acme.example'])
      expect(() => loadConfig({ PUBLIC_URL: bad }), bad).toThrow(ConfigError);
  });

  it('takes the trusted proxies as a number of hops or a list of addresses, never "any"', () => {
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).trustProxy).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8,fd00::/8' }).trustProxy).toEqual(['10.0.0.0/8', 'fd00::/8']);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    for (const bad of ['true', 'yes', '10.0.0.1,proxy.local', '10.0.0.0/33'])
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(ConfigError);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u@db/x',
      DATA_DIR: '/var/lib/servicebook',
      DEMO_SEED: 'off',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: '1',
      SIGN_IN_MAX_ATTEMPTS: '3',
      SIGN_IN_WINDOW_SECONDS: '60',
      SESSION_HOURS: '1',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://u@db/x',
      dataDir: '/var/lib/servicebook',
      demoSeed: 'off',
      logLevel: 'warn',
      trustProxy: 1,
      signInMaxAttempts: 3,
      signInWindowSeconds: 60,
      sessionHours: 1,
    });
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DEMO_SEED: 'yes' })).toThrow(/DEMO_SEED/);
  });

  it('reads the mail settings: off without MAIL_SMTP_URL, Message-ID domain and From defaulted', () => {
    expect(loadConfig({})).toMatchObject({
      mailSmtpUrl: undefined,
      mailDomain: 'servicebook.localhost',
      deliveryMaxAttempts: 6,
    });
    expect(
      loadConfig({ MAIL_SMTP_URL: 'smtp://mx:25', MAIL_DOMAIN: 'acme.example', DELIVERY_MAX_ATTEMPTS: '3' }),
    ).toMatchObject({
      mailSmtpUrl: 'smtp://mx:25',
      mailFrom: 'Servicebook <service@acme.example>',
      mailDomain: 'acme.example',
      deliveryMaxAttempts: 3,
    });
    expect(() => loadConfig({ DELIVERY_RETRY_SECONDS: 'soon' })).toThrow(/DELIVERY_RETRY_SECONDS/);
  });

  it('keeps e-mail in off unless configured, and maps service addresses to tenants', () => {
    const off = loadConfig({}).mailIn;
    expect(off).toMatchObject({ smtpPort: undefined, imap: undefined, addresses: {} });
    const on = loadConfig({
      MAIL_INBOUND_PORT: '2525',
      MAIL_INBOUND_ADDRESSES: 'Service@Acme.example=acme, help@beta.example=beta',
      MAIL_IMAP_HOST: 'imap.acme.example',
      MAIL_IMAP_USER: 'service',
      MAIL_IMAP_PASSWORD: 'secret',
    }).mailIn;
    expect(on).toMatchObject({
      smtpPort: 2525,
      addresses: { 'service@acme.example': 'acme', 'help@beta.example': 'beta' },
      maxBytes: 25 * 1024 * 1024,
      imap: {
        host: 'imap.acme.example',
        port: 993,
        secure: true,
        folder: 'INBOX',
        address: 'service@acme.example',
      },
    });
    expect(() => loadConfig({ MAIL_INBOUND_PORT: '2525' })).toThrow(/MAIL_INBOUND_ADDRESSES/);
    expect(() => loadConfig({ MAIL_INBOUND_ADDRESSES: 'acme' })).toThrow(/MAIL_INBOUND_ADDRESSES/);
    expect(() =>
      loadConfig({
        MAIL_INBOUND_ADDRESSES: 'a@b.example=acme',
        MAIL_IMAP_HOST: 'h',
        MAIL_IMAP_ADDRESS: 'x@y.example',
      }),
    ).toThrow(/MAIL_IMAP_ADDRESS/);
  });
});

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

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u@db/x',
      DATA_DIR: '/var/lib/servicebook',
      DEMO_SEED: 'off',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'true',
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
      trustProxy: true,
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
});

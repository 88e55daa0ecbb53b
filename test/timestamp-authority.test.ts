import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  opensslTimestampChecker,
  timestampRequest,
  timestampStatus,
  timestampWith,
} from '../src/store/timestamp-authority.ts';
import { type LocalTsa, startLocalTsa } from './support/tsa.ts';

let tsa: LocalTsa;
let dir: string;
beforeAll(async () => {
  tsa = await startLocalTsa();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-test-'));
});
afterAll(async () => {
  await tsa?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const text =
  '{"kind":"servicebook-tree-head-v1","rootHash":"ab","signedAt":"2026-12-02T04:00:00.000Z","tenantId":"t","treeSize":7}';

describe('RFC 3161 timestamps from a TSA given by URL', () => {
  it('builds a request openssl reads as a SHA-256 query with a nonce and certReq', () => {
    fs.writeFileSync(path.join(dir, 'q.tsq'), timestampRequest(text));
    const shown = execFileSync('openssl', ['ts', '-query', '-in', path.join(dir, 'q.tsq'), '-text'], {
      encoding: 'utf8',
    });
    expect(shown).toContain('sha256');
    expect(shown).toMatch(/Nonce: 0x/);
    expect(shown).toContain('Certificate required: yes');
  });

  it('gets a token that `openssl ts -verify` accepts for the head text, and refuses for another', async () => {
    const token = await timestampWith(tsa.url)(text);
    const response = Buffer.from(token!, 'base64');
    expect(timestampStatus(response)).toBe(0);
    fs.writeFileSync(path.join(dir, 'head.txt'), text);
    fs.writeFileSync(path.join(dir, 'other.txt'), `${text} `);
    fs.writeFileSync(path.join(dir, 'head.tsr'), response);
    // openssl alone: no Servicebook code between the token and the verdict.
    const ok = spawnSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-data',
        path.join(dir, 'head.txt'),
        '-in',
        path.join(dir, 'head.tsr'),
        '-CAfile',
        tsa.caFile,
      ],
      { encoding: 'utf8' },
    );
    expect(ok.stdout).toContain('Verification: OK');
    const other = spawnSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-data',
        path.join(dir, 'other.txt'),
        '-in',
        path.join(dir, 'head.tsr'),
        '-CAfile',
        tsa.caFile,
      ],
      { encoding: 'utf8' },
    );
    expect(other.status).not.toBe(0);
    expect(await opensslTimestampChecker(tsa.caFile)(text, token!)).toBeNull();
    expect(await opensslTimestampChecker(tsa.caFile)(`${text} `, token!)).not.toBeNull();
  });
});

import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** DER length octets. */
function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function der(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

/** id-sha256 AlgorithmIdentifier with NULL parameters. */
const SHA256_ALGORITHM = Buffer.from('300d06096086480165030402010500', 'hex');

/**
 * An RFC 3161 TimeStampReq for the SHA-256 of `text`: version 1, the message imprint, a random
 * nonce, and certReq true (the TSA's certificate comes with the token, so `openssl ts -verify`
 * needs only the CA). A fixed structure: written directly in DER.
 */
export function timestampRequest(text: string): Buffer {
  const digest = createHash('sha256').update(text, 'utf8').digest();
  const nonce = randomBytes(8);
  nonce[0]! &= 0x7f; // a positive INTEGER
  if (nonce[0] === 0) nonce[0] = 1;
  return der(
    0x30,
    Buffer.concat([
      der(0x02, Buffer.from([1])),
      der(0x30, Buffer.concat([SHA256_ALGORITHM, der(0x04, digest)])),
      der(0x02, nonce),
      der(0x01, Buffer.from([0xff])),
    ]),
  );
}

/** Reads one DER element at `at`: its tag, where its content starts and ends. */
function readElement(buf: Buffer, at: number): { tag: number; start: number; end: number } {
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + buf[start + i]!;
    start += count;
  }
  return { tag, start, end: start + len };
}

/** The PKIStatus of a TimeStampResp: 0 granted, 1 granted with modifications, else refused. */
export function timestampStatus(response: Buffer): number {
  const outer = readElement(response, 0);
  const statusInfo = readElement(response, outer.start);
  const status = readElement(response, statusInfo.start);
  if (outer.tag !== 0x30 || statusInfo.tag !== 0x30 || status.tag !== 0x02)
    throw new Error('not a TimeStampResp');
  return response.subarray(status.start, status.end).readUIntBE(0, status.end - status.start);
}

/**
 * Asks the TSA at `url` for a timestamp of a signed tree head's text (RFC 3161 over HTTP,
 * application/timestamp-query). Gives the whole TimeStampResp, DER in base64, which
 * `openssl ts -verify -in` reads as it is.
 */
export function timestampWith(url: string, timeoutMs = 10_000): (text: string) => Promise<string | null> {
  return async (text) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(timestampRequest(text)),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`the time-stamping authority answered ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const status = timestampStatus(bytes);
    if (status > 1) throw new Error(`the time-stamping authority refused the request (status ${status})`);
    return bytes.toString('base64');
  };
}

/**
 * Checks a TimeStampResp against the text it should timestamp, with `openssl ts -verify` and the
 * TSA's CA certificate (the verifier brings it). Gives the reason it fails, or null.
 */
export function opensslTimestampChecker(
  caFile: string,
): (text: string, token: string) => Promise<string | null> {
  return async (text, token) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsverify-'));
    try {
      fs.writeFileSync(path.join(dir, 'head.txt'), text);
      fs.writeFileSync(path.join(dir, 'head.tsr'), Buffer.from(token, 'base64'));
      const result = spawnSync(
        'openssl',
        [
          'ts',
          '-verify',
          '-data',
          path.join(dir, 'head.txt'),
          '-in',
          path.join(dir, 'head.tsr'),
          '-CAfile',
          caFile,
        ],
        { encoding: 'utf8' },
      );
      if (result.error) return `openssl could not run: ${result.error.message}`;
      return result.status === 0 && /Verification: OK/.test(result.stdout)
        ? null
        : (result.stderr || result.stdout).trim().split('\n')[0] || 'openssl ts -verify failed';
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

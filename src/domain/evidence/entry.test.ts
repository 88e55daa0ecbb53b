import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChainedEntry,
  canonicalJson,
  chainEntry,
  checkStoredLink,
  type EntryContent,
  GENESIS_HASH,
  hashMaterial,
  headerOf,
} from './entry.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const content = (n: number): EntryContent => ({
  type: 'case.message_received',
  subject: { type: 'case', id: `case-${n}` },
  actor: { userId: null, authenticatedBy: 'system' },
  channel: { name: 'email', externalIds: { messageId: `<m${n}@example.com>` } },
  occurredAt: '2026-03-01T10:00:00.000Z',
  payload: { text: `消息 ${n}`, amount: { value: 12.5, currency: 'CNY' } },
  blobs: [],
  refersTo: null,
});

function buildChain(length: number): ChainedEntry[] {
  const chain: ChainedEntry[] = [];
  let previous = { seq: 0, hash: GENESIS_HASH };
  for (let i = 1; i <= length; i++) {
    const entry = chainEntry(sha256, previous, content(i), 'tenant-1', '2026-03-01T10:00:01.000Z');
    chain.push(entry);
    previous = entry;
  }
  return chain;
}

function firstBreak(chain: ChainedEntry[]) {
  let previous = { seq: 0, hash: GENESIS_HASH };
  for (const entry of chain) {
    // As stored: the header and payload as their canonical texts.
    const header = headerOf(entry);
    const broken = checkStoredLink(sha256, previous, {
      header,
      headerText: hashMaterial(header),
      hash: entry.hash,
      payloadText: canonicalJson(entry.payload),
    });
    if (broken) return broken;
    previous = entry;
  }
  return undefined;
}

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys and writes numbers the ECMAScript way, whatever the input order', () => {
    expect(canonicalJson({ b: 1, a: [1e21, 0.1, '中'], c: null })).toBe(
      '{"a":[1e+21,0.1,"中"],"b":1,"c":null}',
    );
    expect(canonicalJson({ z: { y: 2, x: 1 } })).toBe(canonicalJson(JSON.parse('{"z":{"x":1,"y":2}}')));
  });
});

describe('the hash chain', () => {
  it('links each entry to the one before and verifies whole', () => {
    const chain = buildChain(5);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(chain[1]!.prevHash).toBe(chain[0]!.hash);
    expect(firstBreak(chain)).toBeUndefined();
  });

  it('finds exactly the entry whose content was changed', () => {
    const chain = buildChain(5);
    chain[2] = { ...chain[2]!, payload: { text: 'rewritten' } };
    expect(firstBreak(chain)).toMatchObject({ kind: 'payload_mismatch', seq: 3 });
  });

  it('finds exactly the entry whose header was changed', () => {
    const chain = buildChain(5);
    chain[3] = { ...chain[3]!, subject: { type: 'case', id: 'another-case' } };
    expect(firstBreak(chain)).toMatchObject({ kind: 'hash_mismatch', seq: 4 });
  });

  it('checks an entry’s place from its header alone, without its content', () => {
    const chain = buildChain(3);
    let previous = { seq: 0, hash: GENESIS_HASH };
    for (const entry of chain) {
      const header = headerOf(entry);
      expect(
        checkStoredLink(sha256, previous, { header, headerText: hashMaterial(header), hash: entry.hash }),
      ).toBeUndefined();
      previous = entry;
    }
  });

  it('finds a rewrite that recomputed the hash: the next entry no longer points at it', () => {
    const chain = buildChain(5);
    const { hash: _h, payloadHash: _p, prevHash: _v, seq: _s, tenantId, recordedAt, ...rest } = chain[2]!;
    const rehashed = chainEntry(
      sha256,
      { seq: 2, hash: chain[1]!.hash },
      { ...rest, payload: { text: 'rewritten' } },
      tenantId,
      recordedAt,
    );
    chain[2] = rehashed;
    expect(firstBreak(chain)).toMatchObject({ kind: 'prev_hash_mismatch', seq: 4 });
  });

  it('finds a deleted entry as a gap', () => {
    const chain = buildChain(5);
    chain.splice(1, 1);
    expect(firstBreak(chain)).toEqual({ kind: 'gap', seq: 3, expectedSeq: 2 });
  });

  it('notices any single-field change anywhere (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.string({ minLength: 1 }), (position, text) => {
        const chain = buildChain(8);
        const before = chain[position - 1]!;
        fc.pre(JSON.stringify(before.payload) !== JSON.stringify({ text }));
        chain[position - 1] = { ...before, payload: { text } };
        expect(firstBreak(chain)).toMatchObject({ seq: position });
      }),
    );
  });
});

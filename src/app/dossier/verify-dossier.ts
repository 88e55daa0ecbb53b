import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import {
  type ChainBreak,
  checkpointMaterial,
  checkStoredLink,
  type EntryHeader,
  verifyConsistency,
  verifyInclusion,
} from '../../domain/evidence/index.ts';
import { sha256Hex } from '../../store/blob-store.ts';
import { merkleHasher } from '../../store/merkle-hasher.ts';
import { fingerprintOf, normalizeFingerprint, verifySignature } from '../../store/signing-key.ts';
import { AppError } from '../errors.ts';
import { describeBreak, headProblem, type SignedTreeHead } from '../evidence/index.ts';
import type { DossierLogProofs } from './dossier-log.ts';

/**
 * What a dossier can hold, so that a hostile zip (a "zip bomb") is refused early instead of
 * filling memory or running for minutes. Attachments are at most 10 MB; the chain is text.
 */
export const DOSSIER_LIMITS = {
  entries: 20_000,
  entryBytes: 256 * 1024 * 1024,
  totalBytes: 2 * 1024 * 1024 * 1024,
  /** Uncompressed to compressed, for entries over 1 MiB: text compresses ~10:1, not 1000:1. */
  ratio: 200,
  /** One chain entry's line; manifest, checkpoints and keys are read whole and are small. */
  lineBytes: 16 * 1024 * 1024,
  keptBytes: 16 * 1024 * 1024,
  timeMs: 120_000,
};

function refused(en: string, zh: string): AppError {
  return new AppError('archive_refused', { detail: { en, zh } });
}

function timedOut(ms: number): AppError {
  return refused(`Verifying took longer than ${ms / 1000} s.`, `校验耗时超过 ${ms / 1000} 秒。`);
}

/** What the verifier holds, independently of the dossier: trusted key fingerprints and receipts. */
export interface DossierPins {
  keys?: readonly string[];
  heads?: readonly SignedTreeHead[];
  checkTimestamp?: (signedText: string, token: string) => Promise<string | null>;
}

export interface DossierVerification {
  ok: boolean;
  files: { checked: number; changed: string[]; missing: string[]; added: string[] };
  chain: { entries: number; from: number | null; to: number | null; firstBreak: ChainBreak | null };
  /** The checkpoint the last entry matches, and whether its signature holds. */
  signature: { seq: number; keyId: string; valid: boolean } | null;
  /** Attached files named by entries but absent from the dossier. */
  missingAttachments: string[];
  /** The Merkle log: the signed tree head the dossier rests on, and what was checked against it. */
  log: { treeSize: number; keyFingerprint: string; pinned: boolean; receiptsChecked: number } | null;
  problems: { en: string; zh: string }[];
}

/** The stream's lines; each chunk is scanned once (no copying of the rest per line), lines bounded. */
async function* lines(
  stream: Readable,
  onChunk: (chunk: Buffer) => void,
  maxLine: number,
): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const raw of stream) {
    const chunk = raw as Buffer;
    onChunk(chunk);
    let start = 0;
    let at = chunk.indexOf(10, start);
    while (at >= 0) {
      pending.push(chunk.subarray(start, at));
      yield Buffer.concat(pending).toString('utf8');
      pending = [];
      pendingBytes = 0;
      start = at + 1;
      at = chunk.indexOf(10, start);
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxLine)
        throw refused(
          `chain.jsonl has a line longer than ${maxLine} bytes.`,
          `chain.jsonl 中有超过 ${maxLine} 字节的行。`,
        );
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending).toString('utf8');
}

/**
 * Checks a dossier offline: every file against the manifest (changed, missing, added), the
 * entries' hashes, links and contents, the attached files, and whether the last entry is a
 * checkpoint whose Ed25519 signature holds. Reads the zip as a stream, a file at a time.
 */
export async function verifyDossier(
  zipPath: string,
  limits: typeof DOSSIER_LIMITS = DOSSIER_LIMITS,
  pins: DossierPins = {},
): Promise<DossierVerification> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: true });
  if (zip.entryCount > limits.entries) {
    zip.close();
    throw refused(
      `The archive holds ${zip.entryCount} files; a dossier holds at most ${limits.entries}.`,
      `压缩包含 ${zip.entryCount} 个文件，证据包最多 ${limits.entries} 个。`,
    );
  }
  const deadline = Date.now() + limits.timeMs;
  let totalBytes = 0;
  const hashes = new Map<string, string>();
  const small = new Map<string, Buffer>();
  const chain: DossierVerification['chain'] = { entries: 0, from: null, to: null, firstBreak: null };
  const named = new Set<string>();
  let last: { seq: number; hash: string; tenantId: string; header: string } | null = null;

  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      (async () => {
        // Sizes as the zip declares them; yauzl stops a stream that inflates past its declared size.
        const size = entry.uncompressedSize;
        totalBytes += size;
        if (size > limits.entryBytes || totalBytes > limits.totalBytes)
          throw refused(
            `${entry.fileName} would unpack to more than a dossier can hold (${limits.entryBytes} bytes a file, ${limits.totalBytes} in all).`,
            `${entry.fileName} 解压后超出证据包的上限（单个文件 ${limits.entryBytes} 字节，总计 ${limits.totalBytes} 字节）。`,
          );
        if (size > 1024 * 1024 && size > limits.ratio * Math.max(entry.compressedSize, 1))
          throw refused(
            `${entry.fileName} is compressed ${Math.round(size / Math.max(entry.compressedSize, 1))}:1, more than ${limits.ratio}:1.`,
            `${entry.fileName} 的压缩比为 ${Math.round(size / Math.max(entry.compressedSize, 1))}:1，超过 ${limits.ratio}:1。`,
          );
        if (Date.now() > deadline) throw timedOut(limits.timeMs);
        const stream = await zip.openReadStreamPromise(entry);
        const hash = createHash('sha256');
        if (entry.fileName === 'chain.jsonl') {
          let previous: { seq: number; hash: string } | null = null;
          for await (const raw of lines(stream, (b) => hash.update(b), limits.lineBytes)) {
            if (Date.now() > deadline) throw timedOut(limits.timeMs);
            if (raw.trim() === '') continue;
            const line = JSON.parse(raw) as { seq: number; hash: string; header: string; payload?: string };
            const header = JSON.parse(line.header) as EntryHeader;
            if (chain.from === null) chain.from = header.seq;
            const prev = previous ?? { seq: header.seq - 1, hash: header.prevHash };
            const broken = checkStoredLink(sha256Hex, prev, {
              header,
              headerText: line.header,
              hash: line.hash,
              ...(line.payload !== undefined && { payloadText: line.payload }),
            });
            if (broken && !chain.firstBreak) chain.firstBreak = broken;
            if (line.payload !== undefined) for (const b of header.blobs) named.add(b);
            chain.entries++;
            chain.to = header.seq;
            previous = { seq: header.seq, hash: line.hash };
            last = { seq: header.seq, hash: line.hash, tenantId: header.tenantId, header: line.header };
          }
        } else {
          const parts: Buffer[] = [];
          const keep =
            entry.fileName === 'manifest.json' ||
            entry.fileName === 'checkpoints.json' ||
            entry.fileName === 'log/proofs.json' ||
            entry.fileName.startsWith('keys/');
          let kept = 0;
          for await (const b of stream) {
            hash.update(b as Buffer);
            if (Date.now() > deadline) throw timedOut(limits.timeMs);
            if (!keep) continue;
            kept += (b as Buffer).length;
            if (kept > limits.keptBytes)
              throw refused(
                `${entry.fileName} is larger than ${limits.keptBytes} bytes.`,
                `${entry.fileName} 大于 ${limits.keptBytes} 字节。`,
              );
            parts.push(b as Buffer);
          }
          if (keep) small.set(entry.fileName, Buffer.concat(parts));
        }
        hashes.set(entry.fileName, hash.digest('hex'));
        zip.readEntry();
      })().catch((error: unknown) => {
        reject(error);
        try {
          zip.close();
        } catch {
          // already closing: the file is released when its open stream ends
        }
      });
    });
    zip.readEntry();
  });

  const problems: { en: string; zh: string }[] = [];
  const manifestBytes = small.get('manifest.json');
  const listed: Record<string, string> = manifestBytes
    ? (JSON.parse(manifestBytes.toString('utf8')) as { files: Record<string, string> }).files
    : {};
  if (!manifestBytes) problems.push({ en: 'manifest.json is missing.', zh: '缺少 manifest.json。' });
  const changed = Object.entries(listed)
    .filter(([name, sha]) => hashes.has(name) && hashes.get(name) !== sha)
    .map(([name]) => name);
  const missing = Object.keys(listed).filter((name) => !hashes.has(name));
  const added = [...hashes.keys()].filter((name) => name !== 'manifest.json' && !(name in listed));
  for (const name of changed) problems.push({ en: `${name} was changed.`, zh: `${name} 已被修改。` });
  for (const name of missing) problems.push({ en: `${name} is missing.`, zh: `${name} 缺失。` });
  for (const name of added) problems.push({ en: `${name} was added.`, zh: `${name} 为新增文件。` });
  if (chain.firstBreak) {
    problems.push({
      en: `The chain breaks at entry ${chain.firstBreak.seq} (${chain.firstBreak.kind}).`,
      zh: `证据链在第 ${chain.firstBreak.seq} 条断开（${chain.firstBreak.kind}）。`,
    });
  }
  const missingAttachments = [...named].filter((sha) => !hashes.has(`files/${sha}`));
  for (const sha of missingAttachments)
    problems.push({
      en: `The attached file ${sha} is not in the dossier.`,
      zh: `附件 ${sha} 不在证据包中。`,
    });

  let signature: DossierVerification['signature'] = null;
  const tail = last as { seq: number; hash: string; tenantId: string; header: string } | null;
  const checkpoints = small.get('checkpoints.json')
    ? (JSON.parse(small.get('checkpoints.json')!.toString('utf8')) as {
        tenantId: string;
        seq: number;
        hash: string;
        signedAt: string;
        keyId: string;
        signature: string;
      }[])
    : [];
  const covering = tail ? checkpoints.find((c) => c.seq === tail.seq) : undefined;
  if (covering && tail) {
    const key = small.get(`keys/${covering.keyId}.pem`)?.toString('utf8');
    const valid =
      covering.hash === tail.hash &&
      key !== undefined &&
      verifySignature(key, checkpointMaterial(covering), covering.signature);
    signature = { seq: covering.seq, keyId: covering.keyId, valid };
    if (!valid)
      problems.push({
        en: `The checkpoint at entry ${covering.seq} does not hold.`,
        zh: `第 ${covering.seq} 条记录处的检查点校验失败。`,
      });
  } else {
    problems.push({ en: 'The entries do not end at a signed checkpoint.', zh: '记录未以已签名检查点结束。' });
  }
  const log = await checkLogProofs(small.get('log/proofs.json'), tail, pins, problems);
  if (pins.keys && signature) {
    // The checkpoint's key, too, must be one the verifier trusts (not the one the dossier brings).
    const key = small.get(`keys/${signature.keyId}.pem`)?.toString('utf8');
    const fingerprint = key ? fingerprintOf(key) : null;
    if (!fingerprint || !pins.keys.map(normalizeFingerprint).includes(fingerprint))
      problems.push({
        en: `The checkpoint is signed by key ${fingerprint ?? signature.keyId}, not by a key you trust.`,
        zh: `检查点由密钥 ${fingerprint ?? signature.keyId} 签名，而非您信任的密钥。`,
      });
  }
  return {
    ok: problems.length === 0,
    files: { checked: hashes.size, changed, missing, added },
    chain,
    signature,
    missingAttachments,
    log,
    problems,
  };
}

/**
 * The Merkle log part: the tree head's signature (with the pinned key when given) and timestamp,
 * the dossier's last entry included in it, and each receipt the verifier holds matched with an
 * earlier head of the dossier and shown consistent with the dossier's head.
 */
async function checkLogProofs(
  bytes: Buffer | undefined,
  tail: { seq: number; header: string } | null,
  pins: DossierPins,
  problems: { en: string; zh: string }[],
): Promise<DossierVerification['log']> {
  const pinned = pins.keys !== undefined;
  if (!bytes) {
    if (pinned || pins.heads?.length)
      problems.push({
        en: 'The dossier has no signed tree head (log/proofs.json): nothing to check the pinned key or receipts against.',
        zh: '证据包中没有签名树头（log/proofs.json），无法核对指定密钥或回执。',
      });
    return null;
  }
  const proofs = JSON.parse(bytes.toString('utf8')) as DossierLogProofs;
  const { head, inclusion } = proofs;
  const accepted = pins.keys ? new Set(pins.keys.map(normalizeFingerprint)) : undefined;
  const headBreak = await headProblem(head, accepted, pins.checkTimestamp);
  if (headBreak) problems.push(describeBreak(headBreak));
  if (
    !tail ||
    inclusion.seq !== tail.seq ||
    merkleHasher.leaf(tail.header) !== inclusion.leafHash ||
    !verifyInclusion(
      merkleHasher,
      inclusion.leafHash,
      inclusion.seq - 1,
      head.treeSize,
      inclusion.path,
      head.rootHash,
    )
  )
    problems.push({
      en: `The last entry is not in the signed tree head of size ${head.treeSize}.`,
      zh: `最后一条记录不在规模为 ${head.treeSize} 的签名树头中。`,
    });
  let receiptsChecked = 0;
  for (const receipt of pins.heads ?? []) {
    const receiptBreak = await headProblem(receipt, accepted, pins.checkTimestamp);
    if (receiptBreak) {
      problems.push({
        en: `The receipt of size ${receipt.treeSize} is not signed by a key you trust.`,
        zh: `规模为 ${receipt.treeSize} 的回执并非由您信任的密钥签名。`,
      });
      continue;
    }
    if (receipt.treeSize > head.treeSize) {
      problems.push({
        en: `The receipt of size ${receipt.treeSize} is newer than this dossier (size ${head.treeSize}): ask for a newer dossier, or the log was cut back.`,
        zh: `规模为 ${receipt.treeSize} 的回执比本证据包（规模 ${head.treeSize}）更新：请索取更新的证据包，或日志已被截断。`,
      });
      continue;
    }
    const consistent =
      receipt.treeSize === head.treeSize
        ? receipt.rootHash === head.rootHash
        : proofs.consistency.some(
            (c) =>
              c.treeSize === receipt.treeSize &&
              c.rootHash === receipt.rootHash &&
              verifyConsistency(merkleHasher, c.treeSize, head.treeSize, c.proof, c.rootHash, head.rootHash),
          );
    if (!consistent)
      problems.push({
        en: `The log this dossier rests on does not extend the receipt of size ${receipt.treeSize}: entries up to it were rewritten.`,
        zh: `本证据包所依据的日志并未延续规模为 ${receipt.treeSize} 的回执：其之前的记录被改写。`,
      });
    else receiptsChecked++;
  }
  return { treeSize: head.treeSize, keyFingerprint: head.keyFingerprint, pinned, receiptsChecked };
}

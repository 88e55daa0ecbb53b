import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Signs checkpoints of the evidence record with Ed25519. */
export interface EvidenceSigner {
  keyId: string;
  /** SHA-256 of the public key's SubjectPublicKeyInfo (DER), hex: what a verifier pins. */
  fingerprint: string;
  /** The key this one replaced, when it is still at hand: it endorses the rotation in the log. */
  previous?: EvidenceSigner;
  publicKeyPem: string;
  sign(text: string): string;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/**
 * The key's fingerprint: SHA-256 of its SubjectPublicKeyInfo in DER, hex. With openssl alone:
 * `openssl pkey -pubin -in key.pem -outform DER | openssl dgst -sha256`.
 */
export function fingerprintOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** A fingerprint as people write it (colons, spaces, upper case) in the form compared. */
export function normalizeFingerprint(text: string): string {
  return text.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
}

function signerFrom(privateKey: KeyObject): EvidenceSigner {
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    fingerprint: fingerprintOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64'),
  };
}

/**
 * The key given as PEM (EVIDENCE_SIGNING_KEY), or the one in `keyFile`, or (tests, and installs
 * from before the key moved out) the one in `DATA_DIR/keys/evidence-ed25519.pem`; a key file is
 * made on first use with owner-only permissions. `previousKeyFile` is the key this one replaced,
 * to endorse the rotation in the log.
 */
export function loadEvidenceSigner(options: {
  pem?: string | undefined;
  keyFile?: string | undefined;
  previousKeyFile?: string | undefined;
  dataDir: string;
}): EvidenceSigner {
  const signer = loadOne(options);
  if (options.previousKeyFile && fs.existsSync(options.previousKeyFile)) {
    const previous = signerFrom(createPrivateKey(fs.readFileSync(options.previousKeyFile)));
    if (previous.fingerprint !== signer.fingerprint) signer.previous = previous;
  }
  return signer;
}

/** The key file inside the data folder, where keys were kept before issue 13. */
export function legacyKeyFile(dataDir: string): string {
  return path.join(dataDir, 'keys', 'evidence-ed25519.pem');
}

function loadOne(options: {
  pem?: string | undefined;
  keyFile?: string | undefined;
  dataDir: string;
}): EvidenceSigner {
  if (options.pem) return signerFrom(createPrivateKey(options.pem));
  const file = options.keyFile ?? legacyKeyFile(options.dataDir);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    try {
      fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
        mode: 0o600,
        flag: 'wx',
      });
    } catch (error) {
      // Another process made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return signerFrom(createPrivateKey(fs.readFileSync(file)));
}

/** Checks a checkpoint signature with the public key it names. */
export function verifySignature(publicKeyPem: string, text: string, signature: string): boolean {
  try {
    return verify(
      null,
      Buffer.from(text, 'utf8'),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

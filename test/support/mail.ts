import { execFile, execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { dkimSign } from 'mailauth';
import type { DnsResolver } from '../../src/app/mail-in/index.ts';

/** Sends a mail with Debian's swaks to a local SMTP port; resolves with its transcript and exit code. */
export function swaks(port: number, args: string[]): Promise<{ code: number; transcript: string }> {
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/swaks',
      ['--server', '127.0.0.1', '--port', String(port), '--timeout', '60', '--hide-informational', ...args],
      { timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' ? code : 1, transcript: `${stdout}${stderr}` });
      },
    );
  });
}

/** A DNS that answers from memory (TXT records by name); every other name does not exist. */
export function memoryResolver(txt: Record<string, string>): DnsResolver {
  return async (name, rrtype) => {
    const record = txt[name.toLowerCase()];
    if (rrtype === 'TXT' && record !== undefined) return [[record]];
    const error = new Error(`queryTxt ENOTFOUND ${name}`) as Error & { code: string };
    error.code = 'ENOTFOUND';
    throw error;
  };
}

/** A DKIM key pair for a domain and selector, and the TXT record that publishes its public half. */
export function dkimKey(domain: string, selector: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    domain,
    selector,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: { [`${selector}._domainkey.${domain}`]: `v=DKIM1; k=rsa; p=${spki}` },
  };
}

/** Signs a raw message with DKIM (relaxed/relaxed, rsa-sha256) and returns it with the signature on top. */
export async function signDkim(raw: string, key: ReturnType<typeof dkimKey>): Promise<string> {
  const signed = await dkimSign(raw, {
    canonicalization: 'relaxed/relaxed',
    signatureData: [{ signingDomain: key.domain, selector: key.selector, privateKey: key.privateKey }],
  } as unknown as Parameters<typeof dkimSign>[1]);
  return signed.signatures + raw;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
    server.on('error', reject);
  });
}

export interface Dovecot {
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

/**
 * A Dovecot IMAP server of the test's own: a private config in a temp dir, a non-root port,
 * passwd-file auth, Maildir. As root, the mail is kept as Dovecot's own user (Dovecot refuses uid 0).
 */
export async function startDovecot(): Promise<Dovecot> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'servicebook-dovecot-'));
  await fs.chmod(dir, 0o755);
  const home = path.join(dir, 'home');
  await fs.mkdir(home);
  const port = await freePort();
  const root = process.getuid?.() === 0;
  const id = (flag: string, user?: string) =>
    execFileSync('id', user ? [flag, user] : [flag])
      .toString()
      .trim();
  const mailUid = root ? id('-u', 'dovecot') : id('-u');
  const mailGid = root ? id('-g', 'dovecot') : id('-g');
  if (root) await fs.chown(home, Number(mailUid), Number(mailGid));
  const user = 'service';
  const password = 'mailbox-secret';
  await fs.writeFile(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`);
  const config = [
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    ...(root
      ? []
      : [
          `default_internal_user = ${id('-un')}`,
          `default_internal_group = ${id('-gn')}`,
          `default_login_user = ${id('-un')}`,
        ]),
    'first_valid_uid = 1',
    'first_valid_gid = 1',
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${dir}/passwd`,
    '}',
    'userdb {',
    '  driver = static',
    `  args = uid=${mailUid} gid=${mailGid} home=${home}/%u`,
    '}',
    'mail_location = maildir:~/Maildir',
    'service imap-login {',
    '  inet_listener imap {',
    '    address = 127.0.0.1',
    `    port = ${port}`,
    '  }',
    '  inet_listener imaps {',
    '    port = 0',
    '  }',
    '  chroot =',
    '}',
    'service anvil {',
    '  chroot =',
    '}',
    '',
  ].join('\n');
  const configPath = path.join(dir, 'dovecot.conf');
  await fs.writeFile(configPath, config);
  execFileSync('/usr/sbin/dovecot', ['-c', configPath], { stdio: 'ignore' });
  // Wait until it answers.
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('data', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    user,
    password,
    stop: async () => {
      try {
        execFileSync('/usr/sbin/dovecot', ['-c', configPath, 'stop'], { stdio: 'ignore' });
      } catch {
        // already gone
      }
      await fs.rm(dir, { recursive: true, force: true }).catch(() => {});
    },
  };
}

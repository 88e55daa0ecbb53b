import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface PrivateBroker {
  url: string;
  port: number;
  /** Writes new password and ACL files and has the broker read them again (SIGHUP). */
  reload(files: { passwordFile: string; aclFile: string }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A mosquitto of the test's own on a free port: no anonymous clients, a password file and ACL
 * (per unit: its own topic only) as the server writes them. The real broker, not a mock.
 */
export async function startPrivateBroker(files: {
  passwordFile: string;
  aclFile: string;
}): Promise<PrivateBroker> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sb-mosquitto-'));
  const port = await freePort();
  const write = async (f: { passwordFile: string; aclFile: string }) => {
    await fs.writeFile(path.join(dir, 'passwords'), f.passwordFile, { mode: 0o600 });
    await fs.writeFile(path.join(dir, 'acl'), f.aclFile, { mode: 0o600 });
  };
  await write(files);
  await fs.writeFile(
    path.join(dir, 'mosquitto.conf'),
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${path.join(dir, 'passwords')}`,
      `acl_file ${path.join(dir, 'acl')}`,
      'persistence false',
      // Started as root, mosquitto would drop to the `mosquitto` user, who cannot read these files.
      `user ${os.userInfo().username}`,
      'log_dest stderr',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('mosquitto', ['-c', path.join(dir, 'mosquitto.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (let i = 0; i < 50; i++) {
    if (exited) throw new Error(`mosquitto exited:\n${log}`);
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    reload: async (f) => {
      await write(f);
      child.kill('SIGHUP');
      await new Promise((r) => setTimeout(r, 300));
    },
    stop: async () => {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

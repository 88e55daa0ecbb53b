import fs from 'node:fs';
import path from 'node:path';

/** The last tree head the server signed for a tenant, as it remembers it outside the database. */
export interface RememberedHead {
  tenantId: string;
  treeSize: number;
  rootHash: string;
  signedAt: string;
}

/**
 * A small file beside the signing key (`<key file>.heads.json`) with the last head signed per
 * tenant. It lives outside the database, so a database moved back (a restored backup, a cut-off
 * tail, a rewritten log) no longer matches what the server itself signed. Written atomically.
 */
export class HeadMemory {
  readonly file: string;
  constructor(file: string) {
    this.file = file;
  }

  read(): RememberedHead[] {
    if (!fs.existsSync(this.file)) return [];
    const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { heads: RememberedHead[] };
    return parsed.heads;
  }

  /** Keeps the given heads (a tenant's larger head replaces its smaller). */
  remember(heads: readonly RememberedHead[]): void {
    const byTenant = new Map(this.read().map((h) => [h.tenantId, h]));
    let changed = false;
    for (const head of heads) {
      const known = byTenant.get(head.tenantId);
      if (known && known.treeSize >= head.treeSize) continue;
      byTenant.set(head.tenantId, head);
      changed = true;
    }
    if (!changed) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify({ heads: [...byTenant.values()] }, null, 2)}\n`, {
      mode: 0o600,
    });
    fs.renameSync(temp, this.file);
  }
}

import { describe, expect, it } from 'vitest';
import { type NewCostLine, writeCostLines } from '../src/app/ledger/operations-support.ts';
import { inTransaction } from '../src/app/transaction.ts';
import { EXIT_OK, EXIT_USAGE } from '../src/cli/main.ts';
import { loadConfig } from '../src/config.ts';
import type { CostKind } from '../src/domain/ledger/ledger.ts';
import { openRuntime } from '../src/main.ts';
import { cliStorageForFile, run } from './support/cli.ts';

cliStorageForFile();

/** A line of a warranty claim the brand (acme) owes the partner (fixit) under the partner agreement. */
function fixitClaimLine(
  acme: string,
  fixit: string,
  kind: CostKind,
  amountMinor: number,
  description: string,
): NewCostLine {
  return {
    kind,
    amountMinor,
    currency: 'CNY',
    caseId: null,
    source: { type: 'warranty_claim', id: null },
    bearerPartyId: acme,
    payeePartyId: fixit,
    ref: '§5',
    agreement: { id: 'fixit-shanghai-partner', version: 1 },
    description,
    occurredOn: '2026-11-23',
  };
}

/** `servicebook ledger statement` as a user asks it, for November 2026 unless other dates are given. */
function statement(as: string, party: string, from = '2026-11-01', to = '2026-11-30', ...more: string[]) {
  return run('ledger', 'statement', '--as', as, '--party', party, '--from', from, '--to', to, ...more);
}

describe('servicebook ledger statement', () => {
  it('prints a party’s statement as CSV with exact amounts, as the named user may see it', async () => {
    expect((await run('seed', '--demo')).code).toBe(EXIT_OK);
    const runtime = await openRuntime(loadConfig());
    try {
      const db = runtime.deps.db;
      const id = async (key: string) =>
        (await db.selectFrom('parties').select('party_id').where('key', '=', key).executeTakeFirstOrThrow())
          .party_id;
      const tenant = await db.selectFrom('tenants').select('tenant_id').executeTakeFirstOrThrow();
      const [acme, fixit] = [await id('acme'), await id('fixit-shanghai')];
      const cli = { tenantId: tenant.tenant_id, userId: null, authenticatedBy: 'cli' as const };
      await inTransaction(runtime.deps, (trx) =>
        writeCostLines(runtime.deps, trx, cli, [
          fixitClaimLine(acme, fixit, 'labor', 108000, 'Labor, replace compressor, 360 min'),
          fixitClaimLine(acme, fixit, 'travel', 3750, 'Travel, 15 km beyond the free 30'),
        ]),
      );
    } finally {
      await runtime.close();
    }
    const csv = await statement(
      'partner@fixit.example',
      'fixit-shanghai',
      '2026-11-01',
      '2026-11-30',
      '--format',
      'csv',
    );
    expect(csv.code).toBe(EXIT_OK);
    const rows = csv.out[0]!.split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('金额 amount');
    const labor = rows.find((r) => r.includes(',labor,'))!;
    expect(labor).toContain(',labor,"Labor, replace compressor, 360 min",acme,fixit-shanghai,');
    expect(labor).toContain(',1080.00,CNY,owed,§5,fixit-shanghai-partner v1,');
    expect(rows.find((r) => r.includes(',travel,'))).toContain(',37.50,CNY,owed,');
    const text = await statement('manager@acme.example', 'acme');
    expect(text.out[0]).toContain('owes fixit-shanghai: 1117.50 CNY');
    // A partner cannot read another party's statement; bad dates are a usage error.
    expect((await statement('partner@pearlriver.example', 'fixit-shanghai')).code).not.toBe(EXIT_OK);
    expect((await statement('manager@acme.example', 'acme', '2026-11', '2026-11-30')).code).toBe(EXIT_USAGE);
  });
});

import fs from 'node:fs';
import type { Command } from 'commander';
import type { SignedTreeHead, VerifyPins } from '../app/evidence/index.ts';
import { type Out, UsageError, withRuntime } from './shared.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A receipt file (or a bare signed tree head) as a party kept it. */
export function readHead(file: string): SignedTreeHead {
  if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    head?: SignedTreeHead;
  } & Partial<SignedTreeHead>;
  const head = (parsed.head ?? parsed) as SignedTreeHead;
  if (
    typeof head.treeSize !== 'number' ||
    typeof head.rootHash !== 'string' ||
    typeof head.signature !== 'string'
  )
    throw new UsageError(`${file} is not a receipt or signed tree head`);
  return head;
}

/** What the verifier holds, from the command line. */
export async function pinsFrom(options: {
  key?: string[];
  head?: string[];
  since?: string;
  tsaCa?: string;
}): Promise<VerifyPins> {
  // Loaded with the command, not at start: `--help` stays fast (README, "Build").
  const { timestampCheckerWithCa } = await import('../app/evidence/index.ts');
  return {
    ...(options.key && { keys: options.key }),
    ...(options.head && { heads: options.head.map(readHead) }),
    ...(options.since && { since: readHead(options.since) }),
    ...(options.tsaCa && { checkTimestamp: timestampCheckerWithCa(options.tsaCa) }),
  };
}

/** Thrown when verification finds a break: the CLI exits with 1 after printing the report. */
export class EvidenceBroken extends Error {}

export function registerEvidenceCommands(program: Command, out: Out): void {
  const evidence = program
    .command('evidence')
    .description('Check and sign the evidence record. / 证据记录的校验与签名');

  evidence
    .command('verify')
    .description(
      'Check the whole chain and every attached file; report the first break exactly; exit 1 if broken. / 校验证据链',
    )
    .option('--tenant <slug>', 'tenant, when the database holds more than one')
    .option('--format <format>', 'text or json', 'text')
    .option(
      '--key <fingerprint>',
      'trust only tree heads signed by this key (SHA-256 of its public key, got independently); repeatable',
      collect,
    )
    .option(
      '--head <receipt>',
      'a receipt (signed tree head) kept earlier: the log must extend it; repeatable',
      collect,
    )
    .option(
      '--since <receipt>',
      'verify only what is new since this head (verified before), plus consistency',
    )
    .option(
      '--tsa-ca <file>',
      'check each tree head’s RFC 3161 timestamp with this CA certificate (uses openssl)',
    )
    .action(
      async (options: {
        tenant?: string;
        format: string;
        key?: string[];
        head?: string[];
        since?: string;
        tsaCa?: string;
      }) => {
        const [{ describeBreak, verifyEvidence }, { findTenant }] = await Promise.all([
          import('../app/evidence/index.ts'),
          import('../app/tenant/index.ts'),
        ]);
        const pins = await pinsFrom(options);
        await withRuntime(async (runtime) => {
          const tenant = await findTenant(runtime.deps, options.tenant);
          const report = await verifyEvidence(runtime.deps, tenant.tenantId, pins);
          if (options.format === 'json') {
            out(
              JSON.stringify(
                { ...report, message: report.firstBreak ? describeBreak(report.firstBreak) : undefined },
                null,
                2,
              ),
            );
          } else {
            out(
              `Tenant ${tenant.slug}: ${report.entries} entries, ${report.blobsChecked} files, ${report.checkpoints} checkpoints.`,
            );
            if (report.ok) {
              out(
                `OK: the chain is whole; entries up to ${report.lastSignedSeq} are covered by a signed checkpoint, ${report.unsignedTail} after it are not yet.`,
              );
              out(
                `Merkle log: ${report.treeHeads} signed tree heads checked (up to size ${report.lastTreeSize})${options.key ? ', all signed by a pinned key' : ' (no --key given: the signing key itself was not checked)'}; ${report.receiptsChecked} receipts extended; ${report.rowsChecked} rows match their entries.`,
              );
            } else {
              const message = describeBreak(report.firstBreak!);
              out(`BROKEN: ${message.en}`);
              out(`损坏：${message.zh}`);
              out(JSON.stringify(report.firstBreak));
            }
          }
          if (!report.ok) throw new EvidenceBroken('the evidence record is broken');
        });
      },
    );

  evidence
    .command('receipt')
    .description(
      'Write the current signed tree head as a receipt to hand to a party, counsel or a notary. / 导出回执',
    )
    .option('--tenant <slug>', 'tenant, when the database holds more than one')
    .requiredOption('--out <file>', 'the receipt JSON to write')
    .action(async (options: { tenant?: string; out: string }) => {
      const [{ createCheckpoint, latestTreeHead }, { findTenant }, { rememberHeads }] = await Promise.all([
        import('../app/evidence/index.ts'),
        import('../app/tenant/index.ts'),
        import('../main.ts'),
      ]);
      await withRuntime(async (runtime) => {
        const tenant = await findTenant(runtime.deps, options.tenant);
        await createCheckpoint(runtime.deps, tenant.tenantId);
        await rememberHeads(runtime);
        const head = await latestTreeHead(runtime.deps.db, tenant.tenantId);
        if (!head) throw new UsageError('the record is empty: nothing to sign');
        fs.writeFileSync(
          options.out,
          `${JSON.stringify({ kind: 'servicebook-receipt-v1', head }, null, 2)}\n`,
        );
        out(
          `Tree head of size ${head.treeSize} (root ${head.rootHash}), key ${head.keyFingerprint}, written to ${options.out}.`,
        );
      });
    });

  evidence
    .command('checkpoint')
    .description(
      'Sign the head of the chain now (the server also does it every EVIDENCE_CHECKPOINT_MINUTES). / 立即签名检查点',
    )
    .option('--tenant <slug>', 'tenant, when the database holds more than one')
    .action(async (options: { tenant?: string }) => {
      const [{ createCheckpoint }, { findTenant }, { rememberHeads }] = await Promise.all([
        import('../app/evidence/index.ts'),
        import('../app/tenant/index.ts'),
        import('../main.ts'),
      ]);
      await withRuntime(async (runtime) => {
        const tenant = await findTenant(runtime.deps, options.tenant);
        const checkpoint = await createCheckpoint(runtime.deps, tenant.tenantId);
        await rememberHeads(runtime);
        out(
          checkpoint
            ? `Signed entry ${checkpoint.seq} (${checkpoint.hash}) with key ${checkpoint.keyId}.`
            : 'The record is empty: nothing to sign.',
        );
      });
    });
}

import type { Command } from 'commander';
import { type Out, withRuntime } from './shared.ts';

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
    .action(async (options: { tenant?: string; format: string }) => {
      const [{ describeBreak, verifyEvidence }, { findTenant }] = await Promise.all([
        import('../app/evidence/index.ts'),
        import('../app/tenant/index.ts'),
      ]);
      await withRuntime(async (runtime) => {
        const tenant = await findTenant(runtime.deps, options.tenant);
        const report = await verifyEvidence(runtime.deps, tenant.tenantId);
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
          } else {
            const message = describeBreak(report.firstBreak!);
            out(`BROKEN: ${message.en}`);
            out(`损坏：${message.zh}`);
            out(JSON.stringify(report.firstBreak));
          }
        }
        if (!report.ok) throw new EvidenceBroken('the evidence record is broken');
      });
    });

  evidence
    .command('checkpoint')
    .description(
      'Sign the head of the chain now (the server also does it every EVIDENCE_CHECKPOINT_MINUTES). / 立即签名检查点',
    )
    .option('--tenant <slug>', 'tenant, when the database holds more than one')
    .action(async (options: { tenant?: string }) => {
      const [{ createCheckpoint }, { findTenant }] = await Promise.all([
        import('../app/evidence/index.ts'),
        import('../app/tenant/index.ts'),
      ]);
      await withRuntime(async (runtime) => {
        const tenant = await findTenant(runtime.deps, options.tenant);
        const checkpoint = await createCheckpoint(runtime.deps, tenant.tenantId);
        out(
          checkpoint
            ? `Signed entry ${checkpoint.seq} (${checkpoint.hash}) with key ${checkpoint.keyId}.`
            : 'The record is empty: nothing to sign.',
        );
      });
    });
}

import fs from 'node:fs';
import type { Command } from 'commander';
import type { DossierSubject } from '../app/dossier/index.ts';
import { EvidenceBroken, pinsFrom } from './evidence-commands.ts';
import { type Out, UsageError, withRuntime } from './shared.ts';

export function registerDossierCommands(program: Command, out: Out): void {
  const dossier = program
    .command('dossier')
    .description('Export and verify dossiers for negotiation, arbitration or court. / 导出与校验证据包');

  dossier
    .command('export')
    .description('Write the dossier of a case, a party or an agreement as a zip. / 导出证据包')
    .option('--case <number>', 'a case number, e.g. C-000001')
    .option('--party <key>', 'a party key, e.g. ruijin-hospital')
    .option('--agreement <key>', 'an agreement id, e.g. acme-chiller-b2b-cn')
    .requiredOption('--out <file>', 'the zip to write')
    .option('--tenant <slug>', 'tenant, when the database holds more than one')
    .action(
      async (options: {
        case?: string;
        party?: string;
        agreement?: string;
        out: string;
        tenant?: string;
      }) => {
        const [{ exportDossier }, { findTenant }] = await Promise.all([
          import('../app/dossier/index.ts'),
          import('../app/tenant/index.ts'),
        ]);
        const given = [options.case, options.party, options.agreement].filter(Boolean).length;
        if (given !== 1) throw new UsageError('name exactly one of --case, --party, --agreement');
        const subject: DossierSubject = options.case
          ? { type: 'case', number: options.case }
          : options.party
            ? { type: 'party', key: options.party }
            : { type: 'agreement', key: options.agreement! };
        await withRuntime(async (runtime) => {
          const tenant = await findTenant(runtime.deps, options.tenant);
          const temporary = `${options.out}.partial`;
          try {
            const summary = await exportDossier(
              runtime.deps,
              tenant.tenantId,
              subject,
              fs.createWriteStream(temporary),
            );
            fs.renameSync(temporary, options.out);
            out(
              `${summary.title.en}: ${summary.entries} entries (chain ${summary.chainFrom}–${summary.chainTo}), ${summary.files} files, written to ${options.out}.`,
            );
            out(`Covered by the checkpoint signed ${summary.signedAt}.`);
          } finally {
            fs.rmSync(temporary, { force: true });
          }
        });
      },
    );

  dossier
    .command('verify <file>')
    .description(
      'Check a dossier offline: files against the manifest, the chain, the signed checkpoint; exit 1 if anything fails. / 校验证据包',
    )
    .option(
      '--key <fingerprint>',
      'trust only this signing key (SHA-256 of its public key, got independently of the dossier); repeatable',
      (v: string, p: string[] = []) => [...p, v],
    )
    .option(
      '--head <receipt>',
      'a receipt kept earlier: the dossier’s log must extend it; repeatable',
      (v: string, p: string[] = []) => [...p, v],
    )
    .option(
      '--tsa-ca <file>',
      'check the tree head’s RFC 3161 timestamp with this CA certificate (uses openssl)',
    )
    .action(async (file: string, options: { key?: string[]; head?: string[]; tsaCa?: string }) => {
      const { DOSSIER_LIMITS, verifyDossier } = await import('../app/dossier/index.ts');
      if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
      const pins = await pinsFrom(options);
      const report = await verifyDossier(file, DOSSIER_LIMITS, {
        ...(pins.keys && { keys: pins.keys }),
        ...(pins.heads && { heads: pins.heads }),
        ...(pins.checkTimestamp && { checkTimestamp: pins.checkTimestamp }),
      });
      out(
        `Files: ${report.files.checked} checked, ${report.files.changed.length} changed, ${report.files.missing.length} missing, ${report.files.added.length} added.`,
      );
      out(`Entries: ${report.chain.entries} (${report.chain.from ?? '-'}–${report.chain.to ?? '-'}).`);
      out(
        report.signature
          ? `Checkpoint at entry ${report.signature.seq}, key ${report.signature.keyId}: ${report.signature.valid ? 'signature valid' : 'INVALID'}.`
          : 'No signed checkpoint at the end of the chain.',
      );
      out(
        report.log
          ? `Merkle log: tree head of size ${report.log.treeSize}, key ${report.log.keyFingerprint}${report.log.pinned ? ' (pinned)' : ' (not pinned: give --key)'}; ${report.log.receiptsChecked} receipts extended.`
          : 'No signed tree head in the dossier.',
      );
      if (report.ok) {
        out(
          'OK: the dossier is complete and unchanged, and its entries chain to a signed checkpoint. / 校验通过。',
        );
        return;
      }
      for (const p of report.problems) out(`PROBLEM: ${p.en} / ${p.zh}`);
      throw new EvidenceBroken('the dossier does not verify');
    });
}

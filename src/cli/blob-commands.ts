import { type Command, Option } from 'commander';
import { BLOB_STORE_KINDS, type BlobStoreKind } from '../config.ts';
import { type Out, UsageError, withRuntime } from './shared.ts';

/** Thrown when a file could not be moved or the record names files the target lacks: exit 1. */
export class BlobsNotMoved extends Error {}

/** `servicebook blobs move`: files from one store to another (folder, database, S3). */
export function registerBlobCommands(program: Command, out: Out): void {
  const blobs = program
    .command('blobs')
    .description('Where uploaded files are kept (folder, database, S3). / 附件存储');

  blobs
    .command('move')
    .description(
      'Copy every file from one store to another, checking each copy by its SHA-256; run again, it copies only what is missing. Then set BLOB_STORE to the target. / 迁移附件（逐个校验 SHA-256，可重复执行）',
    )
    .addOption(
      new Option('--to <store>', 'where the files go').choices(BLOB_STORE_KINDS).makeOptionMandatory(),
    )
    .addOption(
      new Option(
        '--from <store>',
        'where they are now (default: folder, or database when moving to the folder)',
      ).choices(BLOB_STORE_KINDS),
    )
    .action(async (options: { to: BlobStoreKind; from?: BlobStoreKind }) => {
      const from = options.from ?? (options.to === 'folder' ? 'database' : 'folder');
      if (from === options.to) throw new UsageError(`--from and --to are both ${from}`);
      const [{ openBlobStore }, { blobsMissingFrom, moveBlobs }] = await Promise.all([
        import('../main.ts'),
        import('../app/files/index.ts'),
      ]);
      await withRuntime(async (runtime) => {
        const source = await openBlobStore(runtime.config, from);
        const target = await openBlobStore(runtime.config, options.to);
        try {
          out(`Moving files from ${source.location} to ${target.location} ...`);
          const report = await moveBlobs(source, target, (r) =>
            out(`  ${r.seen} seen, ${r.copied} copied, ${r.alreadyThere} there already`),
          );
          out(
            `Done: ${report.seen} files in the source; ${report.copied} copied (${report.bytes} bytes) and checked, ${report.alreadyThere} there already; ${report.failed.length} failed.`,
          );
          out(
            `完成：源中 ${report.seen} 个文件；复制并校验 ${report.copied} 个，已存在 ${report.alreadyThere} 个；失败 ${report.failed.length} 个。`,
          );
          for (const f of report.failed) out(`  FAILED ${f.sha256}: ${f.reason}`);
          const missing = await blobsMissingFrom(runtime.deps.db, target);
          if (missing.length > 0) {
            out(
              `${missing.length} files the record names are not in the target: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', ...' : ''}`,
            );
          } else {
            out(`Every file the record names is in ${target.location}. / 记录中的所有文件都已在目标存储中。`);
          }
          if (report.failed.length > 0 || missing.length > 0)
            throw new BlobsNotMoved('not every file was moved');
        } finally {
          await source.close?.();
          await target.close?.();
        }
      });
    });
}

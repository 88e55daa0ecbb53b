import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.ts';
import type { TermsSource } from './parse-terms.ts';

const TERMS_FILE = /\.(ya?ml|json)$/i;

/**
 * Reads terms (or claim) files: each argument is a file, or a folder whose `.yaml`, `.yml` and
 * `.json` files are read in name order. Names are kept as given, so messages point at them.
 */
export async function readTermsFiles(paths: readonly string[]): Promise<TermsSource[]> {
  const sources: TermsSource[] = [];
  for (const given of paths) {
    let stat: Awaited<ReturnType<typeof fs.stat>>;
    try {
      stat = await fs.stat(given);
    } catch {
      throw new AppError('not_found', {
        detail: { en: `No file or folder ${given}.`, zh: `找不到文件或文件夹 ${given}。` },
      });
    }
    const files = stat.isDirectory()
      ? (await fs.readdir(given))
          .filter((f) => TERMS_FILE.test(f))
          .sort()
          .map((f) => path.join(given, f))
      : [given];
    for (const file of files) sources.push({ name: file, text: await fs.readFile(file, 'utf8') });
  }
  return sources;
}

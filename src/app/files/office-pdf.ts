import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors.ts';

/** How long one conversion may take: a cold LibreOffice start is a few seconds, a letter less than one. */
export const OFFICE_PDF_TIMEOUT_MS = 60_000;

const ABSENT = {
  en: 'LibreOffice (soffice) is not installed on this server, so no PDF can be made; take the Word letter (format=docx). Install the Debian package libreoffice-writer.',
  zh: '本服务器未安装 LibreOffice（soffice），无法生成 PDF；请下载 Word 函件（format=docx）。请安装 Debian 软件包 libreoffice-writer。',
};

// One conversion at a time: LibreOffice is heavy, and parallel starts fight over the machine.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Converts a Word document to PDF with LibreOffice (`soffice --headless --convert-to pdf`), in a
 * directory of its own with its own profile (a second server process cannot lock it), killed
 * after `timeoutMs`. Absent, timed out or failed: `pdf_unavailable` (503) with the reason.
 */
export function officeToPdf(docx: Buffer, timeoutMs = OFFICE_PDF_TIMEOUT_MS): Promise<Buffer> {
  const run = queue.then(() => convert(docx, timeoutMs));
  queue = run.catch(() => undefined);
  return run;
}

async function convert(docx: Buffer, timeoutMs: number): Promise<Buffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sb-pdf-'));
  try {
    const input = path.join(dir, 'letter.docx');
    await fs.writeFile(input, docx);
    const profile = `file://${path.join(dir, 'profile')}`;
    const outcome = await new Promise<{ code: string | number | null; stderr: string; killed: boolean }>(
      (resolve) => {
        execFile(
          'soffice',
          [
            `-env:UserInstallation=${profile}`,
            '--headless',
            '--norestore',
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            input,
          ],
          { timeout: timeoutMs, killSignal: 'SIGKILL', env: { ...process.env, HOME: dir } },
          (error, _stdout, stderr) =>
            resolve({
              code: error ? ((error as NodeJS.ErrnoException).code ?? 1) : 0,
              stderr: String(stderr),
              killed: error?.killed ?? false,
            }),
        );
      },
    );
    if (outcome.code === 'ENOENT') throw new AppError('pdf_unavailable', { detail: ABSENT });
    if (outcome.killed)
      throw new AppError('pdf_unavailable', {
        detail: {
          en: `LibreOffice did not finish the PDF within ${timeoutMs / 1000} s; take the Word letter (format=docx) or try again.`,
          zh: `LibreOffice 未能在 ${timeoutMs / 1000} 秒内生成 PDF；请下载 Word 函件（format=docx）或稍后重试。`,
        },
      });
    const pdf = await fs.readFile(path.join(dir, 'letter.pdf')).catch(() => null);
    if (outcome.code !== 0 || !pdf || pdf.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw new AppError('pdf_unavailable', {
        detail: {
          en: `LibreOffice could not convert the letter (${outcome.stderr.trim().slice(0, 200) || `exit ${outcome.code}`}); take the Word letter (format=docx).`,
          zh: `LibreOffice 无法转换该函件；请下载 Word 函件（format=docx）。`,
        },
      });
    return pdf;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const WEB_ROOT = path.resolve(import.meta.dirname, '../../web/dist');
/** Screenshots of each step, kept as test artifacts (git-ignored). */
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Outside CI a machine without Chromium skips the browser tests, saying so, rather than failing
 * `npm test` for a missing system package; under CI (which installs it) a missing browser fails.
 */
export const BROWSER_MISSING = !process.env.CI && !fs.existsSync(CHROMIUM);
if (BROWSER_MISSING) {
  console.warn(
    `Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium fonts-wqy-microhei, or set CHROMIUM_PATH).`,
  );
}

/** Debian's Chromium, headless, in a fresh profile folder of its own (removed by `close`). */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1360, height: 900 },
    timezoneId: 'Europe/Berlin',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Numbered screenshots per run: `en-03-promise.png`. */
export function screenshotter(prefix: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  let n = 0;
  return async (page: Page, name: string) => {
    n++;
    await page.screenshot({
      path: path.join(SCREENSHOTS, `${prefix}-${String(n).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  };
}

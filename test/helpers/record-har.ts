import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, as CI installs it (scripts/setup.sh). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Records what a real Chromium does in `drive` as a HAR 1.2 file at `path` (playwright's recordHar,
 * bodies embedded), the way a user's devtools "Save all as HAR" would after logging in by hand.
 */
export async function recordHar(
  path: string,
  drive: (page: Page, context: BrowserContext) => Promise<void>,
): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const context = await browser.newContext({ recordHar: { path } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await drive(page, context);
    // The HAR is written when its context closes.
    await context.close();
  } finally {
    await browser.close();
  }
}

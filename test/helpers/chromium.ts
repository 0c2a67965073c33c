import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, or CHROMIUM_PATH. Playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function assertChromiumPresent(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `\n\n  !!! No Chromium at ${CHROMIUM_PATH}: the browser tests cannot run.\n` +
        `  !!! Install it (apt-get install -y chromium) or point CHROMIUM_PATH at a Chromium binary.\n\n`,
    );
  }
}

export async function launchChromium(): Promise<Browser> {
  assertChromiumPresent();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

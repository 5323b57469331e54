import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

// Browser tests never skip: without Chromium they fail and say how to get it.
export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumMissingMessage(): string {
  return (
    `Chromium was not found at ${CHROME_PATH}. The browser tests need it and never skip.\n` +
    `Install it with: sudo apt-get update && sudo apt-get install -y chromium\n` +
    `or point CHROME_PATH at a Chromium or Chrome binary.`
  );
}

export function assertChromium(): void {
  if (!existsSync(CHROME_PATH)) throw new Error(chromiumMissingMessage());
}

export async function launchBrowser(extraArgs: string[] = [], opts: LaunchOptions = {}): Promise<Browser> {
  assertChromium();
  return chromium.launch({ executablePath: CHROME_PATH, args: [...CHROME_FLAGS, ...extraArgs], ...opts });
}

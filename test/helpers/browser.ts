// A real browser for the page tests: Debian's chromium driven by playwright-core. `.ci/run` installs
// chromium when absent; outside CI a machine without it skips the browser suites with a one-line
// reason, and in CI a missing browser fails them.

import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = [process.env.TIM_TEST_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The chromium executable, or undefined when this machine has none. */
export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p): p is string => !!p && existsSync(p));
}

/** Why browser suites are skipped here, or undefined when they run. Throws in CI without a browser. */
export function browserSkipReason(): string | undefined {
  if (chromiumPath()) return undefined;
  if (process.env.CI === 'true') throw new Error('CI=true but no chromium: .ci/run installs it with apt-get');
  return 'no chromium on this machine (apt-get install chromium): browser tests skipped';
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no chromium');
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Collects console errors and page errors; a page test asserts the list stays empty. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

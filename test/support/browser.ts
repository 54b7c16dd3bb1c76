import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium (`apt-get install chromium`); tests never download a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Headless Chromium. Playwright gives every launch a fresh, empty `--user-data-dir` of its own
 * (and refuses one in `args`). The background-networking flags matter on a closed network:
 * without them Chromium keeps dialling Google's hosts and is refused, many at a time.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Where a test run's screenshots go (gitignored; CI can keep them as artifacts). */
export function screenshotDir(name: string): string {
  const dir = join(process.cwd(), "test-results", name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

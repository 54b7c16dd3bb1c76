import { join } from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium, screenshotDir } from "../support/browser.ts";
import { gatewayUrl } from "./harness.ts";

/** Playwright's default wait per page: every wait in the dashboard tests is bounded by it. */
export const WAIT_MS = 10_000;

/** One Chromium per test file; `openPage()` gives a fresh context (its own sessionStorage), closed after the file. */
export function useBrowser() {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
  });
  return {
    async openPage(options: BrowserContextOptions = {}): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      return page;
    },
  };
}

/** Signs in through the form, as a person would; the credential goes to sessionStorage only. */
export async function signIn(page: Page, credential: string, path = "/dashboard/") {
  await page.goto(`${gatewayUrl()}${path}`);
  await page.getByLabel("Admin token or tenant admin key").fill(credential);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Pages" }).waitFor();
}

/**
 * Screenshots of a test file: always under test-results/{dir}; those marked `docs` also go to
 * docs/dashboard-{name}.png when `SCREENSHOTS=docs` (`npm run screenshots`: the README's pictures).
 */
export function screenshots(dir: string) {
  const results = screenshotDir(dir);
  const toDocs = process.env.SCREENSHOTS === "docs";
  return async (page: Page, name: string, options: { docs?: boolean; fullPage?: boolean } = {}) => {
    await page.screenshot({ path: join(results, `${name}.png`), fullPage: options.fullPage ?? true });
    if (toDocs && options.docs)
      await page.screenshot({ path: join(process.cwd(), "docs", `dashboard-${name}.png`), fullPage: options.fullPage ?? true });
  };
}

/**
 * Elements sticking out past a phone's `width` (they would scroll the page sideways), outside
 * those matching `exempt` (wide tables scroll inside themselves).
 */
export function elementsPastWidth(page: Page, width: number, exempt = "table"): Promise<string[]> {
  return page.evaluate(
    ({ width, exempt }) =>
      [...document.querySelectorAll("body *")]
        .filter((el) => !el.closest(exempt) && el.getBoundingClientRect().right > width + 1)
        .map((el) => `${el.tagName}.${el.className}`),
    { width, exempt },
  );
}

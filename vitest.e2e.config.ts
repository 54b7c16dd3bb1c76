import { defineConfig } from "vitest/config";

/** End-to-end: the real gateway under `wrangler dev`, a loopback upstream, the official SDKs. */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/e2e/global-setup.ts"],
    // One gateway on a 2-core machine: files run one after another so timing assertions stay honest.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

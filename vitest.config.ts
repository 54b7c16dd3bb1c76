import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** Unit and integration tests, run inside workerd with the Worker's own bindings. */
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        bindings: {
          ADMIN_TOKEN: "test-admin-token",
          SEED_DEMO: "true",
          MAX_BODY_BYTES: "65536",
          SECRETS_KEY: "test-secrets-key",
          WEBHOOK_ALLOW_LOOPBACK: "true",
          // The production schedule (wrangler.jsonc), not .dev.vars' quick local one: the tests check it.
          WEBHOOK_RETRY_DELAYS_MS: "5000,300000,1800000,7200000,18000000,36000000,36000000",
        },
        // Strict network: a test that reaches for the internet fails instead of calling it.
        outboundService: (request: Request) => {
          throw new Error(`unmocked outbound request to ${new URL(request.url).origin}: tests must not use the network`);
        },
      },
    }),
  ],
  test: {
    include: ["src/**/*.test.ts", "test/integration/**/*.test.ts"],
    setupFiles: ["./test/workers/settle-before-teardown.ts"],
    testTimeout: 20_000,
  },
});

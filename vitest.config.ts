import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** Unit and integration tests, run inside workerd with the Worker's own bindings. */
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        bindings: { ADMIN_TOKEN: "test-admin-token", SEED_DEMO: "true", MAX_BODY_BYTES: "65536", SECRETS_KEY: "test-secrets-key" },
      },
    }),
  ],
  test: {
    include: ["src/**/*.test.ts", "test/integration/**/*.test.ts"],
    testTimeout: 20_000,
  },
});

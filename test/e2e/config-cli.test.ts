import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { configJsonSchema } from "../../scripts/config.ts";
import { admin, adminCall, gatewayUrl } from "./harness.ts";

const run = promisify(execFile);

/** Runs the CLI the way the README does (`npm run config -- …` is `node scripts/config.ts …`). */
async function cli(args: string[], env: Record<string, string> = {}) {
  const result = await run(process.execPath, ["scripts/config.ts", ...args, "--url", gatewayUrl(), "--token", inject("adminToken")], {
    env: { ...process.env, ...env },
    timeout: 20_000,
  }).catch((error) => ({ stdout: String(error.stdout), stderr: String(error.stderr), code: error.code as number }));
  return { code: 0, ...result };
}

describe("config as code: npm run config", () => {
  const dir = mkdtempSync(join(tmpdir(), "gateway-config-"));
  const tenant = `cfg${Date.now().toString(36)}`;
  const file = join(dir, "gateway.config.jsonc");
  const config = (model: string) => `{
    // comments and trailing commas are fine
    "tenants": {
      "${tenant}": {
        "providers": {
          "faux": { "type": "faux" },
          "remote": { "type": "openai-compatible", "baseUrl": "https://llm.example.com/v1", "apiKey": { "env": "REMOTE_KEY" } },
        },
        "workflows": {
          "chat": { "targets": [{ "provider": "faux", "model": "${model}" }], "retry": { "maxAttempts": 3, "initialBackoffMs": 10, "maxBackoffMs": 100 } },
        },
        "prices": [{ "model": "echo", "inputPerMTok": 1, "outputPerMTok": 2 }],
      },
    },
  }`;

  it("diff previews, push applies and reports, a second push changes nothing", async () => {
    writeFileSync(file, config("echo"));
    const env = { REMOTE_KEY: "sk-remote-1" };
    const diff = await cli(["diff", "--file", file], env);
    expect(diff.stdout).toContain(`+ tenant ${tenant}`);
    expect(diff.stdout).toContain(`+ workflow ${tenant}/chat`);
    expect(diff.stdout).toContain("5 change(s) to apply");
    await expect(admin("GET", `/tenants/${tenant}/workflows`)).rejects.toThrow(/404/);

    const first = await cli(["push", "--file", file], env);
    expect(first.stdout).toContain("5 change(s) applied");
    const workflow = await admin("GET", `/tenants/${tenant}/workflows/chat`);
    expect(workflow.retry.maxAttempts).toBe(3);
    const remote = await admin("GET", `/tenants/${tenant}/providers/remote`);
    expect(remote.hasApiKey).toBe(true);
    expect(JSON.stringify(remote)).not.toContain("sk-remote-1");

    const second = await cli(["push", "--file", file], env);
    expect(second.stdout).toContain("no changes");

    writeFileSync(file, config("words-5"));
    const changed = await cli(["push", "--file", file], { REMOTE_KEY: "sk-remote-2" });
    expect(changed.stdout).toContain(`~ provider ${tenant}/remote (apiKey)`);
    expect(changed.stdout).toContain(`~ workflow ${tenant}/chat (targets)`);
    expect(changed.stdout).toContain("2 change(s) applied");
  });

  it("pull prints a file that pushes back without changes; secrets stay out", async () => {
    const pulled = await cli(["pull", "--tenant", tenant]);
    expect(pulled.stdout).not.toContain("sk-remote");
    expect(pulled.stdout).toContain('"env": "REMOTE_API_KEY"');
    const pulledFile = join(dir, "pulled.json");
    writeFileSync(pulledFile, pulled.stdout);
    const again = await cli(["diff", "--file", pulledFile], { REMOTE_API_KEY: "sk-remote-2" });
    expect(again.stdout).toContain("no changes");
  });

  it("secret headers come from the environment, are compared by fingerprint and pull back as env references", async () => {
    const hdrTenant = `${tenant}h`;
    const hdrFile = join(dir, "headers.jsonc");
    writeFileSync(
      hdrFile,
      `{"tenants": {"${hdrTenant}": {"providers": {"up": {"type": "openai-compatible", "baseUrl": "https://llm.example.com/v1",
        "headers": {"X-Api-Key": {"env": "UP_KEY"}, "x-trace": "on"}}}}}}`,
    );
    const first = await cli(["push", "--file", hdrFile], { UP_KEY: "hk-secret-1" });
    expect(first.stdout).toContain("2 change(s) applied");
    const live = await admin("GET", `/tenants/${hdrTenant}/providers/up`);
    expect(JSON.stringify(live)).not.toContain("hk-secret-1");
    expect(live.headers).toEqual({ "x-trace": "on" });
    expect((await cli(["push", "--file", hdrFile], { UP_KEY: "hk-secret-1" })).stdout).toContain("no changes");
    const rotated = await cli(["push", "--file", hdrFile], { UP_KEY: "hk-secret-2" });
    expect(rotated.stdout).toContain(`~ provider ${hdrTenant}/up (headers)`);

    const pulled = await cli(["pull", "--tenant", hdrTenant]);
    expect(pulled.stdout).not.toContain("hk-secret");
    expect(pulled.stdout).toContain('"env": "UP_X_API_KEY"');
    const pulledFile = join(dir, "pulled-headers.json");
    writeFileSync(pulledFile, pulled.stdout);
    expect((await cli(["diff", "--file", pulledFile], { UP_X_API_KEY: "hk-secret-2" })).stdout).toContain("no changes");
  });

  it("webhooks: push creates them and prints the signing secret once; a second push changes nothing; pull lists them without it", async () => {
    const hookTenant = `${tenant}w`;
    const hookFile = join(dir, "webhooks.jsonc");
    const write = (events: string) =>
      writeFileSync(
        hookFile,
        `{"tenants": {"${hookTenant}": {"webhooks": {"done": {"url": "https://hooks.example.com/gw", "events": [${events}]}}}}}`,
      );
    write(`"response.completed"`);
    const first = await cli(["push", "--file", hookFile]);
    expect(first.stdout).toContain(`+ webhook ${hookTenant}/done`);
    const secret = first.stdout.match(/whsec_[A-Za-z0-9+/=]+/)?.[0];
    expect(secret).toBeDefined();
    expect(await admin("GET", `/tenants/${hookTenant}/webhooks/done`)).toMatchObject({ enabled: true, events: ["response.completed"] });
    const second = await cli(["push", "--file", hookFile]);
    expect(second.stdout).toContain("no changes");
    write(`"response.completed", "response.failed"`);
    const changed = await cli(["push", "--file", hookFile]);
    expect(changed.stdout).toContain(`~ webhook ${hookTenant}/done (events)`);
    expect(changed.stdout).not.toContain("whsec_");

    const pulled = await cli(["pull", "--tenant", hookTenant]);
    expect(pulled.stdout).toContain("https://hooks.example.com/gw");
    expect(pulled.stdout).not.toContain("whsec_");
    const pulledFile = join(dir, "pulled-webhooks.json");
    writeFileSync(pulledFile, pulled.stdout);
    expect((await cli(["diff", "--file", pulledFile])).stdout).toContain("no changes");
  });

  it("telemetry: header values from the environment, compared by fingerprint, pulled back as env references, pruned", async () => {
    const otelTenant = `${tenant}o`;
    const otelFile = join(dir, "telemetry.jsonc");
    const write = (telemetry: string) => writeFileSync(otelFile, `{"tenants": {"${otelTenant}": {${telemetry}}}}`);
    write(`"telemetry": {"endpoint": "https://otel.example.com", "headers": {"x-api-key": {"env": "OTEL_KEY"}}, "sampleRatio": 0.5}`);
    const first = await cli(["push", "--file", otelFile], { OTEL_KEY: "otel-secret-1" });
    expect(first.stdout).toContain(`+ telemetry ${otelTenant}/telemetry`);
    const live = await admin("GET", `/tenants/${otelTenant}/telemetry`);
    expect(live).toMatchObject({ endpoint: "https://otel.example.com", sampleRatio: 0.5, headerNames: ["x-api-key"] });
    expect(JSON.stringify(live)).not.toContain("otel-secret-1");
    expect((await cli(["push", "--file", otelFile], { OTEL_KEY: "otel-secret-1" })).stdout).toContain("no changes");
    const rotated = await cli(["push", "--file", otelFile], { OTEL_KEY: "otel-secret-2" });
    expect(rotated.stdout).toContain(`~ telemetry ${otelTenant}/telemetry (headersFingerprint)`);

    const pulled = await cli(["pull", "--tenant", otelTenant]);
    expect(pulled.stdout).not.toContain("otel-secret");
    expect(pulled.stdout).toContain('"env": "TELEMETRY_X_API_KEY"');
    const pulledFile = join(dir, "pulled-telemetry.json");
    writeFileSync(pulledFile, pulled.stdout);
    expect((await cli(["diff", "--file", pulledFile], { TELEMETRY_X_API_KEY: "otel-secret-2" })).stdout).toContain("no changes");

    write(`"providers": {}`);
    expect((await cli(["push", "--file", otelFile, "--prune"])).stdout).toContain(`- telemetry ${otelTenant}/telemetry`);
    expect((await adminCall("GET", `/tenants/${otelTenant}/telemetry`)).status).toBe(404);
  });

  it("refuses an invalid file and a missing key variable with a clear message", async () => {
    writeFileSync(file, `{"tenants": {"${tenant}": {"workflows": {"w": {"targets": []}}}}}`);
    const invalid = await cli(["diff", "--file", file]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/targets/);
    writeFileSync(file, config("echo"));
    const missing = await cli(["push", "--file", file]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("REMOTE_KEY is not set");
  });

  it("the committed JSON Schema for editors matches the zod schema", () => {
    // Regenerate with `npm run config -- schema --write`.
    expect(JSON.parse(readFileSync("gateway.config.schema.json", "utf8"))).toEqual(JSON.parse(configJsonSchema()));
  });
});

import { z } from "zod";
import { jsonSchemaDocument } from "../json/json-schema-document.ts";
import { KV_MIN_TTL_SECONDS, MAX_PROVIDER_HEADERS, NAME_MAX_CHARS } from "../platform-limits.ts";
import { headerName, headerValue, hostname, modelName, resourceName } from "./name-grammar.ts";
import { urlCredentialProblem } from "./url-credentials.ts";

export { resourceName };

export const tenantInput = z.strictObject({
  hostnames: z.array(hostname).max(50).default([]),
});
export type TenantInput = z.infer<typeof tenantInput>;

export const PROVIDER_TYPES = ["openai", "openai-compatible", "anthropic", "gemini", "azure-openai", "workers-ai", "faux"] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** A provider base URL: http(s), without credentials in it (400 naming `baseUrl`). */
export const providerBaseUrl = z.url({ protocol: /^https?$/ }).superRefine((url, ctx) => {
  const problem = urlCredentialProblem(url);
  if (problem) ctx.addIssue({ code: "custom", message: `baseUrl ${problem}` });
});

/**
 * Headers sent upstream with every call. Names are case-insensitive, so two spellings of one
 * name are refused rather than one silently winning. `null` removes a stored secret header.
 */
export const providerHeaders = z
  .record(z.string(), z.unknown())
  .refine((h) => Object.keys(h).length <= MAX_PROVIDER_HEADERS, `at most ${MAX_PROVIDER_HEADERS} headers`)
  .refine((h) => new Set(Object.keys(h).map((n) => n.toLowerCase())).size === Object.keys(h).length, "a header is named twice")
  .pipe(z.record(headerName, headerValue.nullable()));

export const providerInput = z
  .strictObject({
    type: z.enum(PROVIDER_TYPES),
    baseUrl: providerBaseUrl.optional(),
    apiKey: z.string().min(1).max(4096).optional(),
    headers: providerHeaders.optional(),
    /** Headers to seal besides the credential headers recognised by name (`src/config/credential-headers.ts`). */
    secretHeaders: z.array(headerName).max(MAX_PROVIDER_HEADERS).optional(),
    /** Azure OpenAI's `api-version` (default in README "Providers"). */
    apiVersion: z.string().min(1).max(64).optional(),
    /** Model names listed by `GET /v1/models` as `<provider>/<model>` direct routes. */
    models: z.array(modelName).max(500).optional(),
    /** `responses`: Responses requests go to the provider's `/responses` as sent (docs/responses-fields.md); other doors still use chat. */
    api: z.enum(["chat", "responses"]).optional(),
  })
  .refine((p) => !(p.type === "openai-compatible" || p.type === "azure-openai") || p.baseUrl !== undefined, {
    message: "openai-compatible and azure-openai providers need a baseUrl",
    path: ["baseUrl"],
  })
  .refine((p) => p.api !== "responses" || p.type === "openai" || p.type === "openai-compatible" || p.type === "azure-openai", {
    message: "only openai, openai-compatible and azure-openai providers speak the Responses API",
    path: ["api"],
  });
export type ProviderInput = z.infer<typeof providerInput>;

/**
 * A stored provider. The API key and secret headers are kept only sealed (AES-GCM, `SECRETS_KEY`)
 * and never returned; their fingerprints (12 hex chars of the SHA-256) let config-as-code tell
 * whether they changed. `headers` holds only the headers that are not secret.
 */
export type ProviderRecord = Omit<ProviderInput, "apiKey" | "headers"> & {
  name: string;
  updatedAt: string;
  headers?: Record<string, string>;
  apiKeySealed?: string;
  apiKeyFingerprint?: string;
  secretHeadersSealed?: Record<string, string>;
  secretHeaderFingerprints?: Record<string, string>;
};

/** A provider ready to call: its API key unsealed, in memory only. */
export type OpenedProvider = Omit<ProviderRecord, "apiKeySealed" | "secretHeadersSealed"> & { apiKey?: string };

export const retryPolicy = z.strictObject({
  maxAttempts: z.int().min(1).max(10).default(2),
  initialBackoffMs: z.int().min(0).max(60_000).default(250),
  maxBackoffMs: z.int().min(0).max(120_000).default(4_000),
  /** After a timeout before the first event: `next` target (the default when absent), or the `same` one again, as for 5xx. */
  onTimeout: z.enum(["next", "same"]).optional(),
});
export type RetryPolicy = z.infer<typeof retryPolicy>;

export const timeoutPolicy = z.strictObject({
  firstEventMs: z.int().min(100).max(600_000).default(30_000),
  idleMs: z.int().min(100).max(600_000).default(30_000),
  totalMs: z.int().min(100).max(3_600_000).default(300_000),
  keepaliveMs: z.int().min(1_000).max(300_000).default(15_000),
});
export type TimeoutPolicy = z.infer<typeof timeoutPolicy>;

export const target = z.strictObject({ provider: resourceName, model: modelName });
export type Target = z.infer<typeof target>;

/** A workflow's target: `weight` makes it a candidate for the first attempt (docs/semantics.md "Routing that learns"). */
export const workflowTarget = target.extend({ weight: z.number().min(0).max(1_000_000).optional() });
export type WorkflowTarget = z.infer<typeof workflowTarget>;

/**
 * The shared circuit breaker of a workflow's targets (docs/semantics.md "Routing that learns"). A
 * workflow with more than one target has it, with these defaults, unless it sets `health: false`.
 */
export const healthPolicy = z.strictObject({
  /** Upstream failures within `windowMs` that open a target's circuit... */
  failureThreshold: z.int().min(1).max(1_000).default(5),
  /** ...when they are also at least this share of its outcomes in the window. */
  failureRatio: z.number().min(0).max(1).default(0.5),
  windowMs: z.int().min(1_000).max(3_600_000).default(30_000),
  /** How long an open circuit skips its target before probing it again. */
  openMs: z.int().min(1_000).max(3_600_000).default(15_000),
  /** Requests per isolate that may probe a half-open target at once. */
  halfOpenProbes: z.int().min(1).max(100).default(1),
});
export type HealthPolicy = z.infer<typeof healthPolicy>;

/**
 * Hedging (off unless set): when the first attempt has no first content event after `afterMs`,
 * the next target starts in parallel; the first to produce content is served, the other aborted.
 */
export const hedgePolicy = z.strictObject({
  afterMs: z.int().min(10).max(600_000),
  /** Extra parallel attempts: one (the only value for now). */
  maxExtra: z.literal(1).default(1),
});
export type HedgePolicy = z.infer<typeof hedgePolicy>;

/** How a workflow's response contract is applied (docs/semantics.md "Response contracts"). */
export const contractPolicy = z.strictObject({
  /** `end`: stream as usual and validate the whole output at the end; `buffer`: validate before sending anything, so a violation can fail over. */
  stream: z.enum(["end", "buffer"]).default("end"),
  /** How the schema is passed upstream as `response_format`: strict when the schema allows it (`auto`), always, never strict, or not at all. */
  native: z.enum(["auto", "strict", "loose", "off"]).default("auto"),
  /** Without a workflow schema, hold answers to the client's own `response_format` json_schema. */
  enforceClientSchema: z.boolean().default(false),
});
export type ContractPolicy = z.infer<typeof contractPolicy>;

export const workflowInput = z.strictObject({
  targets: z
    .array(workflowTarget)
    .min(1)
    .max(10)
    .refine((targets) => targets.every((t) => t.weight === undefined) || targets.some((t) => (t.weight ?? 0) > 0), {
      message: "when targets have weights, at least one weight must be above 0",
    }),
  retry: retryPolicy.default(retryPolicy.parse({})),
  timeouts: timeoutPolicy.default(timeoutPolicy.parse({})),
  cache: z
    .strictObject({
      ttlSeconds: z
        .int()
        .min(KV_MIN_TTL_SECONDS, `ttlSeconds must be at least ${KV_MIN_TTL_SECONDS} (Workers KV's minimum expiration)`)
        .max(365 * 24 * 3600),
    })
    .nullable()
    .default(null),
  /** A JSON Schema (draft 2020-12) every answer must satisfy; checked for usability when saved. */
  responseSchema: jsonSchemaDocument.optional(),
  contract: contractPolicy.default(contractPolicy.parse({})),
  logContent: z.enum(["full", "metadata"]).default("full"),
  /** Every chat completion stream of this workflow is resumable (as with `x-gateway-resumable: true`): README "Durable requests". */
  resumable: z.boolean().optional(),
  /** On with the defaults for more than one target when absent; `false` turns it off (`workflow-health.ts`). */
  health: z.union([healthPolicy, z.literal(false)]).optional(),
  hedge: hedgePolicy.optional(),
  /** A hosted Responses tool (`web_search`, …) in a request translated for a non-Responses target: left out (default) or refused (docs/responses-fields.md). */
  hostedTools: z.enum(["drop", "refuse"]).optional(),
});
export type WorkflowInput = z.infer<typeof workflowInput>;
export type WorkflowRecord = WorkflowInput & { name: string; updatedAt: string };

export const KEY_ROLES = ["inference", "admin"] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export const keyInput = z.strictObject({
  name: z.string().min(1).max(128),
  role: z.enum(KEY_ROLES).default("inference"),
  workflows: z.array(resourceName).max(200).optional(),
  /**
   * The MCP tools the key may see and call (README "MCP gateway"): a server's name (all its tools)
   * or one namespaced tool (`server__tool`). Absent: every tool of the tenant's servers; `[]`: none.
   */
  mcpTools: z
    .array(
      z
        .string()
        .min(1)
        .max(NAME_MAX_CHARS + 130),
    )
    .max(500)
    .optional(),
  /** The key may send `x-gateway-targets` and `x-gateway-timeout-ms` (docs/semantics.md "Routing that learns"). */
  allowOverrides: z.boolean().optional(),
  limits: z
    .strictObject({
      requestsPerMinute: z.int().min(1).max(1_000_000).optional(),
      monthlyBudgetUsd: z.number().positive().max(10_000_000).optional(),
    })
    .optional(),
});
export type KeyInput = z.infer<typeof keyInput>;

/** A stored gateway key: only its SHA-256 hash is kept. */
export type KeyRecord = KeyInput & { id: string; tenant: string; hash: string; createdAt: string };

/** `createdAt` is absent on tenants stored before it was recorded. */
export type TenantRecord = TenantInput & { name: string; updatedAt: string; createdAt?: string };

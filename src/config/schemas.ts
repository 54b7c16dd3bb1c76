import { z } from "zod";
import { jsonSchemaDocument } from "../contract/json-schema-document.ts";
import { KV_MIN_TTL_SECONDS } from "../limits.ts";

/** Names used in URLs and in `model`: no slash, so `<provider>/<model>` stays unambiguous. */
export const resourceName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "use letters, digits and . _ : - (no slash), starting with a letter or digit");

export const tenantInput = z.strictObject({
  hostnames: z.array(z.string().min(1).max(253).toLowerCase()).max(50).default([]),
});
export type TenantInput = z.infer<typeof tenantInput>;

export const PROVIDER_TYPES = ["openai", "openai-compatible", "anthropic", "gemini", "azure-openai", "workers-ai", "faux"] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export const providerInput = z
  .strictObject({
    type: z.enum(PROVIDER_TYPES),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    apiKey: z.string().min(1).max(4096).optional(),
    headers: z.record(z.string().min(1), z.string()).optional(),
    /** Azure OpenAI's `api-version` (default in README "Providers"). */
    apiVersion: z.string().min(1).max(64).optional(),
    /** Model names listed by `GET /v1/models` as `<provider>/<model>` direct routes. */
    models: z.array(z.string().min(1)).max(500).optional(),
  })
  .refine((p) => !(p.type === "openai-compatible" || p.type === "azure-openai") || p.baseUrl !== undefined, {
    message: "openai-compatible and azure-openai providers need a baseUrl",
    path: ["baseUrl"],
  });
export type ProviderInput = z.infer<typeof providerInput>;

/**
 * A stored provider. The API key is kept only sealed (AES-GCM, `SECRETS_KEY`) and never returned;
 * its fingerprint (12 hex chars of its SHA-256) lets config-as-code tell whether it changed.
 */
export type ProviderRecord = Omit<ProviderInput, "apiKey"> & {
  name: string;
  updatedAt: string;
  apiKeySealed?: string;
  apiKeyFingerprint?: string;
};

/** A provider ready to call: its API key unsealed, in memory only. */
export type OpenedProvider = Omit<ProviderRecord, "apiKeySealed"> & { apiKey?: string };

export const retryPolicy = z.strictObject({
  maxAttempts: z.int().min(1).max(10).default(2),
  initialBackoffMs: z.int().min(0).max(60_000).default(250),
  maxBackoffMs: z.int().min(0).max(120_000).default(4_000),
});
export type RetryPolicy = z.infer<typeof retryPolicy>;

export const timeoutPolicy = z.strictObject({
  firstEventMs: z.int().min(100).max(600_000).default(30_000),
  idleMs: z.int().min(100).max(600_000).default(30_000),
  totalMs: z.int().min(100).max(3_600_000).default(300_000),
  keepaliveMs: z.int().min(1_000).max(300_000).default(15_000),
});
export type TimeoutPolicy = z.infer<typeof timeoutPolicy>;

export const target = z.strictObject({ provider: resourceName, model: z.string().min(1).max(256) });
export type Target = z.infer<typeof target>;

/** How a workflow's response contract is applied (README "Response contracts"). */
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
  targets: z.array(target).min(1).max(10),
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
});
export type WorkflowInput = z.infer<typeof workflowInput>;
export type WorkflowRecord = WorkflowInput & { name: string; updatedAt: string };

export const KEY_ROLES = ["inference", "admin"] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export const keyInput = z.strictObject({
  name: z.string().min(1).max(128),
  role: z.enum(KEY_ROLES).default("inference"),
  workflows: z.array(resourceName).max(200).optional(),
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

export type TenantRecord = TenantInput & { name: string; updatedAt: string };

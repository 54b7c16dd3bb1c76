import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { openProvider } from "../config/open-provider.ts";
import type { ProviderRecord } from "../config/schemas.ts";
import { modelNotFound } from "../http/gateway-error.ts";
import { MODEL_LIST_TIMEOUT_MS } from "../platform-limits.ts";
import { adapterBindings, createAdapter } from "../providers/create-adapter.ts";
import { keyAllows } from "../workflow/resolve-route.ts";

interface ModelEntry {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

/**
 * Models a provider offers as direct routes: its configured `models`, or else what the provider
 * itself lists (bounded in time; a provider that cannot list, or fails to, contributes none).
 */
async function providerModels(provider: ProviderRecord, env: Env): Promise<string[]> {
  if (provider.models) return provider.models;
  try {
    const adapter = createAdapter(await openProvider(provider, env.SECRETS_KEY), adapterBindings(env));
    return (await adapter.listModels?.(AbortSignal.timeout(MODEL_LIST_TIMEOUT_MS))) ?? [];
  } catch {
    // Listing is best effort: a provider that cannot be opened or asked (a rotated SECRETS_KEY, a
    // refusal, a timeout) contributes no direct routes instead of failing the whole list.
    return [];
  }
}

/** The workflows and direct routes this key may use. */
export async function visibleModels(c: Context<AppEnv>): Promise<ModelEntry[]> {
  const store = c.get("store");
  const key = c.get("key");
  const [workflows, providers] = await Promise.all([store.listWorkflows(key.tenant), store.listProviders(key.tenant)]);
  const created = (iso: string) => Math.floor(Date.parse(iso) / 1000) || 0;
  const listed = await Promise.all(providers.map((p) => providerModels(p, c.env)));
  const entries: ModelEntry[] = [
    ...workflows.map((w) => ({ id: w.name, object: "model" as const, created: created(w.updatedAt), owned_by: key.tenant })),
    ...providers.flatMap((p, i) =>
      (listed[i] ?? []).map((model) => ({
        id: `${p.name}/${model}`,
        object: "model" as const,
        created: created(p.updatedAt),
        owned_by: p.name,
      })),
    ),
  ];
  return entries.filter((entry) => keyAllows(key, entry.id));
}

/** `GET /v1/models`: the workflows and direct routes this key may use, in OpenAI's list format. */
export async function listModels(c: Context<AppEnv>): Promise<Response> {
  return c.json({ object: "list", data: await visibleModels(c) });
}

/** A path segment decoded, or as sent when its percent-encoding is malformed (it then matches no model). */
function decodePath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** `GET /v1/models/{model}` (the path may contain a slash for direct routes). */
export async function retrieveModel(c: Context<AppEnv>): Promise<Response> {
  const id = decodePath(c.req.path.slice("/v1/models/".length));
  const entry = (await visibleModels(c)).find((m) => m.id === id);
  if (!entry) throw modelNotFound(id);
  return c.json(entry);
}

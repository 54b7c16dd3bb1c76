import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { ProviderRecord } from "../config/schemas.ts";
import { modelNotFound } from "../http/gateway-error.ts";
import { FAUX_EXAMPLE_MODELS } from "../providers/faux/scenario.ts";
import { keyAllows } from "../workflow/resolve-route.ts";

interface ModelEntry {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

/** Models a provider can name for direct routes: its configured list (faux: its examples). */
function providerModels(provider: ProviderRecord): string[] {
  return provider.models ?? (provider.type === "faux" ? FAUX_EXAMPLE_MODELS : []);
}

async function visibleModels(c: Context<AppEnv>): Promise<ModelEntry[]> {
  const { store, key } = c.var;
  const [workflows, providers] = await Promise.all([store.listWorkflows(key.tenant), store.listProviders(key.tenant)]);
  const created = (iso: string) => Math.floor(Date.parse(iso) / 1000) || 0;
  const entries: ModelEntry[] = [
    ...workflows.map((w) => ({ id: w.name, object: "model" as const, created: created(w.updatedAt), owned_by: key.tenant })),
    ...providers.flatMap((p) =>
      providerModels(p).map((model) => ({
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

/** `GET /v1/models/{model}` (the path may contain a slash for direct routes). */
export async function retrieveModel(c: Context<AppEnv>): Promise<Response> {
  const id = decodeURIComponent(c.req.path.slice("/v1/models/".length));
  const entry = (await visibleModels(c)).find((m) => m.id === id);
  if (!entry) throw modelNotFound(id);
  return c.json(entry);
}

import type { LoadedProvider } from "../attempts/attempt-loop.ts";
import type { RequestSecrets } from "../auth/request-secrets.ts";
import type { ConfigStore } from "../config/config-store.ts";
import { openProvider } from "../config/open-provider.ts";
import { adapterBindings, createAdapter } from "../providers/create-adapter.ts";

/** Header names that carry credentials: their values are secrets of the request. */
const CREDENTIAL_HEADER = /auth|key|token|secret|cookie|password/i;

/**
 * Loads a tenant's provider for the attempt loop: unsealed, with its credentials registered as
 * the request's secrets (so nothing an upstream echoes can carry them further).
 */
export function providerLoader(env: Env, store: ConfigStore, tenant: string, secrets: RequestSecrets) {
  return async (name: string): Promise<LoadedProvider | null> => {
    const record = await store.getProvider(tenant, name);
    if (!record) return null;
    const opened = await openProvider(record, env.SECRETS_KEY);
    secrets.add(opened.apiKey);
    for (const [header, value] of Object.entries(opened.headers ?? {})) if (CREDENTIAL_HEADER.test(header)) secrets.add(value);
    return { adapter: createAdapter(opened, adapterBindings(env)), type: record.type };
  };
}

import type { LoadedProvider } from "../attempts/attempt-loop-types.ts";
import type { ConfigStore } from "../config/config-store.ts";
import { openProvider } from "../config/open-provider.ts";
import { adapterBindings, createAdapter } from "../providers/create-adapter.ts";
import type { RequestSecrets } from "../secrets/request-secrets.ts";

/** Header names that carry credentials: their values are secrets of the request. */
const CREDENTIAL_HEADER = /auth|key|token|secret|cookie|password/i;

/** A provider ready to call, with the credentials it sends. */
interface OpenedAdapter extends LoadedProvider {
  credentials: string[];
}

/**
 * Adapters by stored record: the config store hands out the same record object while it is
 * fresh, so a warm isolate unseals a provider's secrets and builds its adapter once, not per
 * request. Kept once built, never while building: another request never awaits this one's work
 * (`isolate-memory.ts` says why).
 */
const opened = new WeakMap<object, OpenedAdapter>();

async function openAdapter(env: Env, record: Parameters<typeof openProvider>[0]): Promise<OpenedAdapter> {
  const provider = await openProvider(record, env.SECRETS_KEY);
  const credentials = [
    provider.apiKey,
    ...Object.entries(provider.headers ?? {})
      .filter(([h]) => CREDENTIAL_HEADER.test(h))
      .map(([, v]) => v),
  ];
  return {
    adapter: createAdapter(provider, adapterBindings(env)),
    type: record.type,
    credentials: credentials.filter((c): c is string => !!c),
  };
}

/**
 * Loads a tenant's provider for the attempt loop: unsealed, with its credentials registered as
 * the request's secrets (so nothing an upstream echoes can carry them further).
 */
export function providerLoader(env: Env, store: ConfigStore, tenant: string, secrets: RequestSecrets) {
  return async (name: string): Promise<LoadedProvider | null> => {
    const record = await store.getProvider(tenant, name);
    if (!record) return null;
    let open = opened.get(record);
    if (!open) {
      open = await openAdapter(env, record);
      opened.set(record, open);
    }
    const { adapter, type, credentials } = open;
    for (const credential of credentials) secrets.add(credential);
    return { adapter, type };
  };
}

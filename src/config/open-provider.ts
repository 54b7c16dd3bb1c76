import { openSecret } from "../secrets/secret-box.ts";
import type { OpenedProvider, ProviderRecord } from "./schemas.ts";

/** Unseals a stored provider's API key and secret headers for one request (in memory only). */
export async function openProvider(record: ProviderRecord, secretsKey: string | undefined): Promise<OpenedProvider> {
  const { apiKeySealed, secretHeadersSealed, ...rest } = record;
  const opened: OpenedProvider = apiKeySealed ? { ...rest, apiKey: await openSecret(apiKeySealed, secretsKey) } : rest;
  if (!secretHeadersSealed || Object.keys(secretHeadersSealed).length === 0) return opened;
  const secret = await Promise.all(
    Object.entries(secretHeadersSealed).map(async ([name, sealed]) => [name, await openSecret(sealed, secretsKey)] as const),
  );
  return { ...opened, headers: { ...rest.headers, ...Object.fromEntries(secret) } };
}

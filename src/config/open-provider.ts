import { openSecret } from "../auth/secret-box.ts";
import type { OpenedProvider, ProviderRecord } from "./schemas.ts";

/** Unseals a stored provider's API key for one request. */
export async function openProvider(record: ProviderRecord, secretsKey: string | undefined): Promise<OpenedProvider> {
  const { apiKeySealed, ...rest } = record;
  return apiKeySealed ? { ...rest, apiKey: await openSecret(apiKeySealed, secretsKey) } : rest;
}

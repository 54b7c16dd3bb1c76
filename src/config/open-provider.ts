import { openSecret } from "../secrets/secret-box.ts";
import type { OpenedProvider, ProviderRecord } from "./schemas.ts";

/** Stored headers unsealed for one request: the plain ones and the sealed ones opened (in memory only). */
export async function openHeaders(
  plain: Record<string, string> | undefined,
  sealed: Record<string, string> | undefined,
  secretsKey: string | undefined,
): Promise<Record<string, string> | undefined> {
  if (!sealed || Object.keys(sealed).length === 0) return plain;
  const opened = await Promise.all(Object.entries(sealed).map(async ([name, box]) => [name, await openSecret(box, secretsKey)] as const));
  return { ...plain, ...Object.fromEntries(opened) };
}

/** Unseals a stored provider's API key and secret headers for one request (in memory only). */
export async function openProvider(record: ProviderRecord, secretsKey: string | undefined): Promise<OpenedProvider> {
  const { apiKeySealed, secretHeadersSealed, ...rest } = record;
  const opened: OpenedProvider = apiKeySealed ? { ...rest, apiKey: await openSecret(apiKeySealed, secretsKey) } : rest;
  if (!secretHeadersSealed || Object.keys(secretHeadersSealed).length === 0) return opened;
  return { ...opened, headers: await openHeaders(rest.headers, secretHeadersSealed, secretsKey) };
}

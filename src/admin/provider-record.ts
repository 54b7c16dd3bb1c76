import { splitHeaders } from "../config/credential-headers.ts";
import type { ProviderInput, ProviderRecord } from "../config/schemas.ts";
import { keyFingerprint } from "../secrets/crypto.ts";
import { sealWithFingerprint, storedHeaders } from "./sealed-headers.ts";

/**
 * A provider as the API shows it: the key and secret headers are write-only; only presence and
 * fingerprints show. Records stored before headers were sealed may hold a credential header in
 * `headers`: it is hidden the same way (and sealed by the provider's next PUT).
 */
export async function publicProvider({ apiKeySealed, secretHeadersSealed: _sealed, ...rest }: ProviderRecord) {
  const { plain, secret } = splitHeaders(rest.headers, rest.secretHeaders);
  const legacy = await Promise.all(Object.entries(secret).map(async ([name, value]) => [name, await keyFingerprint(value)] as const));
  const { headers: _all, secretHeaderFingerprints, ...shown } = rest;
  const fingerprints = { ...Object.fromEntries(legacy), ...secretHeaderFingerprints };
  return {
    ...shown,
    ...(Object.keys(plain).length ? { headers: plain } : {}),
    ...(Object.keys(fingerprints).length ? { secretHeaderFingerprints: fingerprints } : {}),
    hasApiKey: apiKeySealed !== undefined,
  };
}

/**
 * The record a provider PUT stores. Secrets cannot be read back to be resent, so a PUT without
 * `apiKey` keeps the stored key, and a secret header the body does not name is kept (`null`
 * removes it); headers that are not secret are replaced as a whole.
 */
export async function providerRecord(
  name: string,
  { apiKey, headers, ...input }: ProviderInput,
  previous: ProviderRecord | null,
  secretsKey: string | undefined,
): Promise<ProviderRecord> {
  const stored = await storedHeaders(headers, input.secretHeaders, previous, secretsKey);
  const key = apiKey ? await sealWithFingerprint(apiKey, secretsKey) : null;
  return {
    ...input,
    ...stored,
    ...(key
      ? { apiKeySealed: key.sealed, apiKeyFingerprint: key.fingerprint }
      : previous?.apiKeySealed
        ? { apiKeySealed: previous.apiKeySealed, apiKeyFingerprint: previous.apiKeyFingerprint }
        : {}),
    name,
    updatedAt: new Date().toISOString(),
  };
}

import { splitHeaders } from "../config/credential-headers.ts";
import { keyFingerprint } from "../secrets/crypto.ts";
import { sealSecret } from "../secrets/secret-box.ts";

/** A secret sealed for storage, with the fingerprint config-as-code compares. */
export async function sealWithFingerprint(secret: string, secretsKey: string | undefined) {
  return { sealed: await sealSecret(secret, secretsKey), fingerprint: await keyFingerprint(secret) };
}

/** Headers as stored: the plain ones shown back, the secret ones only sealed. */
export interface StoredHeaders {
  headers?: Record<string, string>;
  secretHeadersSealed?: Record<string, string>;
  secretHeaderFingerprints?: Record<string, string>;
}

/**
 * The headers a PUT stores (providers, MCP servers). Secrets cannot be read back to be resent, so
 * a secret header the body does not name is kept (`null` removes it); plain headers are replaced
 * as a whole.
 */
export async function storedHeaders(
  headers: Record<string, string | null> | undefined,
  marked: readonly string[] | undefined,
  previous: StoredHeaders | null,
  secretsKey: string | undefined,
): Promise<StoredHeaders> {
  const { plain, secret } = splitHeaders(headers, marked);
  const sealedHeaders: Record<string, string> = {};
  const fingerprints: Record<string, string> = {};
  for (const [header, sealed] of Object.entries(previous?.secretHeadersSealed ?? {})) {
    if (headers && header in headers) continue;
    sealedHeaders[header] = sealed;
    fingerprints[header] = previous?.secretHeaderFingerprints?.[header] ?? "";
  }
  for (const [header, value] of Object.entries(secret)) {
    const box = await sealWithFingerprint(value, secretsKey);
    sealedHeaders[header] = box.sealed;
    fingerprints[header] = box.fingerprint;
  }
  return {
    ...(Object.keys(plain).length ? { headers: plain } : {}),
    ...(Object.keys(sealedHeaders).length ? { secretHeadersSealed: sealedHeaders, secretHeaderFingerprints: fingerprints } : {}),
  };
}

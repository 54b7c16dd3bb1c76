/**
 * Header names that carry credentials whatever the provider: sealed like `apiKey`, never shown
 * back. Broad on purpose: sealing a harmless header only hides its value.
 */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie)$|key|token|secret|password|credential|signature|session/;

/** Is this (lower-case) header a secret: a known credential header, or one the operator marked? */
export function isSecretHeader(name: string, marked: readonly string[] = []): boolean {
  return CREDENTIAL_HEADER.test(name) || marked.includes(name);
}

/** A provider's headers split into those shown back (`plain`) and those sealed (`secret`); `null` values are dropped. */
export function splitHeaders(
  headers: Record<string, string | null> | undefined,
  marked: readonly string[] = [],
): { plain: Record<string, string>; secret: Record<string, string> } {
  const plain: Record<string, string> = {};
  const secret: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === null) continue;
    (isSecretHeader(name, marked) ? secret : plain)[name] = value;
  }
  return { plain, secret };
}

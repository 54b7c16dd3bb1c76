/** Query parameters that carry credentials (`?key=`, `?api_key=`, `?access_token=`, `?sig=`, …). */
const CREDENTIAL_PARAM = /key|token|secret|password|passwd|credential|signature|^sig$|^auth/i;

/**
 * Why a provider URL may not be stored, or null. Credentials in a URL would be shown back by every
 * read and logged by every proxy: they belong in `apiKey` or a sealed header.
 */
export function urlCredentialProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null; // the URL grammar itself is checked elsewhere
  }
  if (parsed.username || parsed.password) return "must not contain credentials (user:password@): use apiKey or a secret header";
  for (const name of parsed.searchParams.keys())
    if (CREDENTIAL_PARAM.test(name)) return `must not carry a credential in its query ('${name}'): use apiKey or a secret header`;
  return null;
}

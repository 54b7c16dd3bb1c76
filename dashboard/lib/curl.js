/**
 * The request as a curl command against this gateway. The key is a shell variable: the record
 * never holds one, and a copied command should not either.
 */
export function curlFor(record, origin) {
  const quote = (text) => `'${text.replaceAll("'", "'\\''")}'`;
  return [
    `curl -sS ${quote(`${origin}${record.path ?? "/v1/chat/completions"}`)}`,
    `  -H "authorization: Bearer $GATEWAY_KEY"`,
    "  -H 'content-type: application/json'",
    `  -d ${quote(typeof record.request === "string" ? record.request : JSON.stringify(record.request))}`,
  ].join(" \\\n");
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(authorization: string | undefined | null): string | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1] ?? null;
}

/**
 * The gateway key of a data-plane request: `Authorization: Bearer <key>` (OpenAI's SDKs), or
 * `x-api-key: <key>` (Anthropic's SDKs and Claude Code). The bearer token wins when both are sent.
 */
export function gatewayKeyToken(authorization: string | undefined | null, apiKey: string | undefined | null): string | null {
  return bearerToken(authorization) ?? (apiKey?.trim() || null);
}

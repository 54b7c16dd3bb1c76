const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * A new request id: `req_` + 10 chars of millisecond time + 16 random chars, Crockford base32.
 * Ids sort by creation time, which the log index relies on for newest-first listing.
 */
export function newRequestId(nowMs: number = Date.now()): string {
  let time = "";
  let remaining = nowMs;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let suffix = "";
  for (const byte of random) suffix += CROCKFORD[byte % 32];
  return `req_${time}${suffix}`;
}

/** Client-chosen correlation ids are echoed and logged, so keep them short and printable. */
export function sanitizeClientRequestId(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim().slice(0, 128);
  return /^[\x21-\x7e]+$/.test(trimmed) ? trimmed : null;
}

import { DurableObject } from "cloudflare:workers";
import { IDEMPOTENCY_TTL_MS } from "./idempotency-key.ts";

/** What a request learns when it presents its Idempotency-Key. */
export type IdempotencyClaim = { kind: "claimed" } | { kind: "existing"; requestId: string } | { kind: "conflict" };

interface StoredClaim {
  fingerprint: string;
  requestId: string;
  at: number;
}

/**
 * One Idempotency-Key of one tenant: the first request to present it claims it for its own
 * generation; later ones with the same request are sent to that generation, with another
 * request refused. One object per (tenant, key), so keys never contend with each other; an
 * alarm forgets the key after 24 hours.
 */
export class IdempotencyKeys extends DurableObject<Env> {
  async claim(fingerprint: string, requestId: string, now: number): Promise<IdempotencyClaim> {
    const stored = await this.ctx.storage.get<StoredClaim>("claim");
    if (stored && now - stored.at < IDEMPOTENCY_TTL_MS)
      return stored.fingerprint === fingerprint ? { kind: "existing", requestId: stored.requestId } : { kind: "conflict" };
    await this.ctx.storage.put("claim", { fingerprint, requestId, at: now } satisfies StoredClaim);
    await this.ctx.storage.setAlarm(now + IDEMPOTENCY_TTL_MS);
    return { kind: "claimed" };
  }

  /** Frees the key when the request that claimed it never started its generation (so a retry is not refused for a day). */
  async release(requestId: string): Promise<void> {
    const stored = await this.ctx.storage.get<StoredClaim>("claim");
    if (stored?.requestId === requestId) await this.ctx.storage.delete("claim");
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}

/** The object holding `key` for `tenant`. */
export function idempotencyStub(env: Env, tenant: string, key: string) {
  return env.IDEMPOTENCY_KEYS.get(env.IDEMPOTENCY_KEYS.idFromName(JSON.stringify([tenant, key])));
}

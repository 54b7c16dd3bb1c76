/** The few admin API calls the drill makes, each bounded in time, and bounded polling of the request log. */

export class DrillError extends Error {}

export interface AdminApi {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }>;
  /** The request's log record once it has been written, or null after `timeoutMs`. */
  logRecord(tenant: string, requestId: string | null, until?: (record: any) => boolean, timeoutMs?: number): Promise<any | null>;
}

const CALL_TIMEOUT_MS = 10_000;
const POLL_INTERVAL_MS = 100;

export function adminApi(url: string, token: string): AdminApi {
  const base = `${url.replace(/\/+$/, "")}/admin/v1`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).catch((error: unknown) => {
      throw new DrillError(
        `cannot reach ${base}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : error}`,
      );
    });
    return { status: res.status, json: await res.json().catch(() => null) };
  };
  return {
    call,
    // Records are written after the response, in the background: poll, bounded in time.
    async logRecord(tenant, requestId, until = () => true, timeoutMs = 5_000) {
      if (!requestId) return null;
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const { status, json }: { status: number; json: any } = await call("GET", `/tenants/${tenant}/logs/${requestId}`).catch(() => ({
          status: 0,
          json: null,
        }));
        if (status === 200 && json?.id === requestId && until(json)) return json;
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      }
      return null;
    },
  };
}

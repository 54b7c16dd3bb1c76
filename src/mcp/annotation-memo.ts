/** How long a tool's annotations, seen in a `tools/list`, are remembered in the isolate. */
const FRESH_MS = 5 * 60_000;
const MAX_ENTRIES = 5_000;
const memo = new Map<string, { annotations: unknown; seenAt: number }>();

const keyOf = (tenant: string, server: string, tool: string) => JSON.stringify([tenant, server, tool]);

/**
 * Tool annotations as the last `tools/list` through this isolate showed them. Clients list tools
 * before calling them, so the retry rule usually knows a failed call's annotations without asking
 * the (failing) server again.
 */
export function rememberAnnotations(tenant: string, server: string, tool: string, annotations: unknown, nowMs = Date.now()): void {
  const key = keyOf(tenant, server, tool);
  memo.delete(key);
  if (memo.size >= MAX_ENTRIES) memo.delete(memo.keys().next().value as string);
  memo.set(key, { annotations, seenAt: nowMs });
}

/** The remembered annotations, or `undefined` when none are fresh. */
export function recalledAnnotations(tenant: string, server: string, tool: string, nowMs = Date.now()): unknown {
  const held = memo.get(keyOf(tenant, server, tool));
  return held && nowMs - held.seenAt < FRESH_MS ? held.annotations : undefined;
}

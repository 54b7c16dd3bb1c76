/**
 * Values an isolate keeps across the requests it serves. Only settled values are shared: a
 * request never awaits a promise another request started, because workerd can then run the
 * waiting request's continuation under the other request's context, and that request's
 * response fails with "Cannot perform I/O on behalf of a different request" (measured: about
 * 1 request in 300 at 16-way concurrency around each refresh, bench/README.md). A request that
 * finds no settled value reads one itself, even while another request is reading the same.
 */
export class IsolateMemory<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  /** Bumped by `forget`: a read that started before it does not keep its (possibly stale) value. */
  private forgets = 0;

  private readonly maxEntries: number;

  constructor(maxEntries: number) {
    this.maxEntries = maxEntries;
  }

  /** The value kept for `key`, if it was read less than `freshMs` ago. */
  get(key: string, freshMs = Number.POSITIVE_INFINITY, nowMs = Date.now()): V | undefined {
    const held = this.entries.get(key);
    return held && nowMs - held.at < freshMs ? held.value : undefined;
  }

  /**
   * The fresh value kept for `key`, else `load()`'s, kept once it settles (a failure keeps
   * nothing). When another request's read landed first, its value is the one answered, so
   * concurrent readers end up sharing one value (a health view's probe slots, say).
   */
  async read(key: string, load: () => Promise<V>, freshMs = Number.POSITIVE_INFINITY, nowMs = Date.now()): Promise<V> {
    const held = this.entries.get(key);
    if (held && nowMs - held.at < freshMs) return held.value;
    const forgetsBefore = this.forgets;
    const value = await load();
    if (this.forgets !== forgetsBefore) return value;
    const landed = this.entries.get(key);
    if (landed && landed !== held && nowMs - landed.at < freshMs) return landed.value;
    this.keep(key, value, nowMs);
    return value;
  }

  /** Keeps `value` as read at `nowMs`, unless what is kept was read later. */
  keep(key: string, value: V, nowMs = Date.now()): void {
    const held = this.entries.get(key);
    if (held && held.at > nowMs) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, at: nowMs });
  }

  /** Drops `key` (it was just written): a read already under way keeps nothing either. */
  forget(key: string): void {
    this.forgets++;
    this.entries.delete(key);
  }

  /** Drops everything, as a fresh isolate starts (tests). */
  clear(): void {
    this.forgets++;
    this.entries.clear();
  }
}

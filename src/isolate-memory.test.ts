import { describe, expect, it } from "vitest";
import { IsolateMemory } from "./isolate-memory.ts";

/** A load the test settles by hand, counting its calls. */
function manualLoad() {
  const settles: Array<(value: string) => void> = [];
  return {
    calls: () => settles.length,
    load: () => new Promise<string>((resolve) => settles.push(resolve)),
    settle: (i: number, value: string) => settles[i]?.(value),
  };
}

describe("values an isolate keeps across requests", () => {
  it("are shared once settled, never while a read is in flight: a concurrent request reads for itself", async () => {
    const memory = new IsolateMemory<string>(10);
    const reads = manualLoad();
    const first = memory.read("k", reads.load, 5_000, 0);
    const second = memory.read("k", reads.load, 5_000, 1);
    await Promise.resolve();
    expect(reads.calls()).toBe(2);
    reads.settle(0, "a");
    expect(await first).toBe("a");
    // The second read settles after the first landed: it answers the value every reader now shares.
    reads.settle(1, "b");
    expect(await second).toBe("a");
    expect(await memory.read("k", reads.load, 5_000, 2)).toBe("a");
    expect(reads.calls()).toBe(2);
  });

  it("never replace a value read later with one whose read started earlier", async () => {
    const memory = new IsolateMemory<string>(10);
    const reads = manualLoad();
    const early = memory.read("k", reads.load, 5_000, 0);
    await Promise.resolve();
    memory.keep("k", "later", 10);
    reads.settle(0, "earlier");
    expect(await early).toBe("later");
    expect(memory.get("k")).toBe("later");
    memory.keep("k", "older still", 5);
    expect(memory.get("k")).toBe("later");
  });

  it("are read again once older than their freshness, and a failed read keeps nothing", async () => {
    const memory = new IsolateMemory<string>(10);
    await memory.read("k", async () => "old", 5_000, 0);
    expect(memory.get("k", 5_000, 4_999)).toBe("old");
    expect(memory.get("k", 5_000, 5_000)).toBeUndefined();
    await expect(memory.read("k", async () => Promise.reject(new Error("down")), 5_000, 6_000)).rejects.toThrow("down");
    expect(await memory.read("k", async () => "new", 5_000, 6_001)).toBe("new");
  });

  it("forget a key at once, and a read that started before the forget does not keep its value", async () => {
    const memory = new IsolateMemory<string>(10);
    const reads = manualLoad();
    const before = memory.read("k", reads.load, 5_000, 0);
    await Promise.resolve();
    memory.forget("k");
    reads.settle(0, "stale");
    expect(await before).toBe("stale");
    expect(memory.get("k")).toBeUndefined();
  });

  it("let the oldest entry go past their bound", async () => {
    const memory = new IsolateMemory<number>(2);
    for (const key of ["a", "b", "c"]) await memory.read(key, async () => key.charCodeAt(0));
    expect([memory.get("a"), memory.get("b"), memory.get("c")]).toEqual([undefined, 98, 99]);
  });
});

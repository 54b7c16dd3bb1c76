import { describe, expect, it } from "vitest";
import { batchExport } from "./export-batch.ts";
import type { ExportTarget, OtlpExport } from "./export-otlp.ts";

const target = (token: string): ExportTarget => ({ endpoint: "https://collector.example", protocol: "http/protobuf", headers: { token } });
const spans = (name: string): OtlpExport => ({
  signal: "traces",
  body: { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name }, spans: [] }] }] },
});
const names = (otlp: OtlpExport) => (otlp.signal === "traces" ? otlp.body.resourceSpans.map((r) => r.scopeSpans[0]?.scope.name) : []);

function recorder(fail = false) {
  const sent: Array<{ token: string | undefined; names: unknown[] }> = [];
  const send = async (to: ExportTarget, otlp: OtlpExport) => {
    sent.push({ token: to.headers.token, names: names(otlp) });
    if (fail) throw new Error("collector down");
  };
  return { sent, send };
}

describe("batching exports per collector", () => {
  it("sends a burst of requests' exports to one collector as one POST when the window ends", async () => {
    const { sent, send } = recorder();
    const opener = batchExport(target("a"), spans("r1"), send, 50, 64);
    expect(batchExport(target("a"), spans("r2"), send, 50, 64)).toBeNull();
    expect(batchExport(target("a"), spans("r3"), send, 50, 64)).toBeNull();
    expect(sent).toEqual([]);
    await opener;
    expect(sent).toEqual([{ token: "a", names: ["r1", "r2", "r3"] }]);
    // The window closed with the send: the next request opens a new batch.
    const next = batchExport(target("a"), spans("r4"), send, 10, 64);
    expect(next).not.toBeNull();
    await next;
    expect(sent).toHaveLength(2);
  });

  it("never mixes collectors or credentials, and a window of 0 sends each alone", async () => {
    const { sent, send } = recorder();
    const [a, b] = [batchExport(target("a"), spans("r1"), send, 20, 64), batchExport(target("b"), spans("r2"), send, 20, 64)];
    await Promise.all([a, b, batchExport(target("c"), spans("r3"), send, 0, 64)]);
    expect(sent).toEqual(
      expect.arrayContaining([
        { token: "a", names: ["r1"] },
        { token: "b", names: ["r2"] },
        { token: "c", names: ["r3"] },
      ]),
    );
    expect(sent).toHaveLength(3);
  });

  it("a full batch is sent by the request that filled it, and the opener's timer sends nothing more", async () => {
    const { sent, send } = recorder();
    const opener = batchExport(target("full"), spans("r1"), send, 30, 2);
    const filler = batchExport(target("full"), spans("r2"), send, 30, 2);
    await filler;
    expect(sent).toEqual([{ token: "full", names: ["r1", "r2"] }]);
    await opener;
    expect(sent).toHaveLength(1);
  });

  it("a failed send is the opener's failure only: joiners were answered at once", async () => {
    const { send } = recorder(true);
    const opener = batchExport(target("down"), spans("r1"), send, 20, 64);
    expect(batchExport(target("down"), spans("r2"), send, 20, 64)).toBeNull();
    await expect(opener).rejects.toThrow("collector down");
  });
});

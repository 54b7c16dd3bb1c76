import { createServer } from "node:http";
import { listenOnLoopback } from "../test/support/listen-loopback.ts";

/** What the bench's collector received: proof that the "export on" target really exported. */
export interface CollectorCounts {
  exports: number;
  bytes: number;
  contentTypes: string[];
}

/**
 * A loopback OTLP/HTTP collector for the benchmark: it reads each export whole and answers `200`
 * at once, decoding nothing (the bench times the gateway, not a decoder sharing its cores).
 */
export async function startBenchCollector(): Promise<{ endpoint: string; counts: CollectorCounts; close(): Promise<void> }> {
  const counts: CollectorCounts = { exports: 0, bytes: 0, contentTypes: [] };
  const server = createServer(async (req, res) => {
    for await (const part of req) counts.bytes += (part as Buffer).length;
    counts.exports++;
    const type = req.headers["content-type"] ?? "none";
    if (!counts.contentTypes.includes(type)) counts.contentTypes.push(type);
    res.writeHead(200, { "content-type": type }).end();
  });
  const listening = await listenOnLoopback(server);
  return { endpoint: `http://127.0.0.1:${listening.port}`, counts, close: listening.close };
}

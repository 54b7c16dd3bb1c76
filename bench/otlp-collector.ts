import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { listenOnLoopback } from "../test/support/listen-loopback.ts";

/** What the bench's collector received: proof that the "export on" target really exported. */
export interface CollectorCounts {
  exports: number;
  bytes: number;
  contentTypes: string[];
}

/** The collector itself: reads each export whole, answers `200` at once, decodes nothing; `GET /counts` tells what it got. */
async function serve(): Promise<void> {
  const counts: CollectorCounts = { exports: 0, bytes: 0, contentTypes: [] };
  const server = createServer(async (req, res) => {
    if (req.method === "GET" && req.url === "/counts") return void res.writeHead(200).end(JSON.stringify(counts));
    for await (const part of req) counts.bytes += (part as Buffer).length;
    counts.exports++;
    const type = req.headers["content-type"] ?? "none";
    if (!counts.contentTypes.includes(type)) counts.contentTypes.push(type);
    res.writeHead(200, { "content-type": type }).end();
  });
  const { port } = await listenOnLoopback(server);
  console.log(`port ${port}`);
}

/**
 * A loopback OTLP/HTTP collector for the benchmark, in a process of its own: in the bench's
 * process it would take event-loop turns from the client timing the very requests that export.
 */
export async function startBenchCollector(): Promise<{ endpoint: string; counts(): Promise<CollectorCounts>; close(): void }> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const timer = setTimeout(() => child.kill(), 10_000);
  try {
    for await (const line of lines) {
      const port = /^port (\d+)$/.exec(line)?.[1];
      if (!port) continue;
      const endpoint = `http://127.0.0.1:${port}`;
      const counts = async () => (await (await fetch(`${endpoint}/counts`)).json()) as CollectorCounts;
      return { endpoint, counts, close: () => void child.kill() };
    }
  } finally {
    clearTimeout(timer);
  }
  throw new Error("the bench's OTLP collector did not start within 10 s");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await serve();

/**
 * Layer check: `npm run check:layers` (or `node scripts/check-layers.ts [--verbose]`).
 *
 * Reads every import in src/ (type imports too: a type names a dependency as much as a value does),
 * groups files by their top folder (a file at src/'s root is its own unit), and measures the shape
 * against the declared layer order below:
 *   - up-arrows: folder-to-folder imports that point to a higher layer;
 *   - mutual pairs: two folders that import each other;
 *   - file cycles: strongly connected groups of files.
 * Exits non-zero when a figure is above its limit, so CI keeps the shape the code was given.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Top to bottom: a unit may import any unit below it; an import of a unit above it is an up-arrow. */
export const LAYERS: readonly (readonly string[])[] = [
  ["index", "app", "request-log-object", "admin"], // composition roots: the Worker, its routes, the request's object
  ["routes"],
  ["doors"], // one folder per API: parse, render, errors, durable facet
  ["durable"],
  ["app-env"],
  ["auth"],
  ["journal"],
  ["middleware"],
  ["telemetry"], // trace context and OpenTelemetry export, built from the finished record
  ["logs"],
  ["mcp"], // MCP's JSON-RPC, tool namespacing and allowlists, the retry rule, the calls to a tenant's MCP servers
  ["webhooks"],
  ["quotas"],
  ["health"],
  ["cache"],
  ["contract"],
  ["embeddings"],
  ["attempts"],
  ["workflow"],
  ["providers"],
  ["stream"],
  ["pricing"],
  ["chat"],
  ["config"],
  ["secrets"],
  ["json"],
  ["http"],
  ["platform-limits", "raw-imports.d", "isolate-memory"],
];

export const LIMITS = { fileCycles: 0, upArrows: 15, mutualPairs: 10 } as const;

const SRC = resolve(import.meta.dirname, "../src");
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s+["']([^"']+)["']/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "__fixtures__" ? [] : sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** The unit a src-relative path belongs to: its top folder, or for a root file its name. */
export function unitOf(path: string): string {
  const [first, ...rest] = path.split("/");
  return rest.length > 0 ? (first ?? "") : (first ?? "").replace(/\.ts$/, "");
}

/** Imports of one file, as src-relative paths (packages and non-src files are left out). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (!spec?.startsWith(".")) continue;
    const target = relative(SRC, resolve(dirname(file), spec));
    if (!target.startsWith("..")) found.push(target.endsWith(".ts") ? target : `${target}.ts`);
  }
  return found;
}

/** Tarjan's strongly connected components with more than one file (or a file importing itself). */
function fileCycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!graph.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      group.push(member);
      if (member === node) break;
    }
    if (group.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

function main(): void {
  const verbose = process.argv.includes("--verbose");
  const rank = new Map(LAYERS.flatMap((units, i) => units.map((unit) => [unit, i] as const)));
  const graph = new Map(sourceFiles(SRC).map((file) => [relative(SRC, file), importsOf(file)]));

  const arrows = new Map<string, string[]>(); // "from -> to" → the importing files
  const unplaced = new Set<string>();
  for (const [file, imports] of graph) {
    for (const target of imports) {
      const from = unitOf(file);
      const to = unitOf(target);
      if (from === to) continue;
      for (const unit of [from, to]) if (!rank.has(unit)) unplaced.add(unit);
      const key = `${from} -> ${to}`;
      arrows.set(key, [...(arrows.get(key) ?? []), `${file} -> ${target}`]);
    }
  }
  const up = [...arrows.keys()].filter((key) => {
    const [from, to] = key.split(" -> ") as [string, string];
    return (rank.get(from) ?? 0) > (rank.get(to) ?? 0);
  });
  const mutual = [...arrows.keys()]
    .map((key) => key.split(" -> ") as [string, string])
    .filter(([from, to]) => from < to && arrows.has(`${to} -> ${from}`))
    .map(([a, b]) => `${a} <-> ${b}`);
  const cycles = fileCycles(graph);

  console.log(`${graph.size} files, ${arrows.size} folder-to-folder arrows`);
  console.log(`up-arrows: ${up.length} (limit ${LIMITS.upArrows})`);
  for (const key of up.sort()) {
    console.log(`  ${key}`);
    if (verbose) for (const edge of arrows.get(key) ?? []) console.log(`      ${edge}`);
  }
  console.log(`mutual folder pairs: ${mutual.length} (limit ${LIMITS.mutualPairs})`);
  for (const pair of mutual.sort()) console.log(`  ${pair}`);
  console.log(`file cycles: ${cycles.length} (limit ${LIMITS.fileCycles})`);
  for (const cycle of cycles) console.log(`  ${cycle.join(" -> ")}`);
  if (unplaced.size > 0) console.log(`units missing from LAYERS: ${[...unplaced].sort().join(", ")}`);

  const over = up.length > LIMITS.upArrows || mutual.length > LIMITS.mutualPairs || cycles.length > LIMITS.fileCycles || unplaced.size > 0;
  if (over) {
    console.log("layer check failed: a figure is above its limit (see scripts/check-layers.ts for the declared order)");
    process.exit(1);
  }
  console.log("layer check passed");
}

main();

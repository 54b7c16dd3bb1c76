/**
 * The dashboard serves third-party code from `dashboard/vendor/` (no CDN, no build step). This
 * checks each vendored file is byte-for-byte the installed npm package's, at the version
 * package.json pins, so upgrading is `npm install -E <pkg>@<version>` and copying the files
 * this names; CI (and the dashboard's e2e test) fails when they drift apart.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
/** Vendored file → its source in node_modules. */
const VENDORED: Record<string, string> = {
  "dashboard/vendor/uplot/uPlot.iife.min.js": "node_modules/uplot/dist/uPlot.iife.min.js",
  "dashboard/vendor/uplot/uPlot.min.css": "node_modules/uplot/dist/uPlot.min.css",
  "dashboard/vendor/uplot/LICENSE": "node_modules/uplot/LICENSE",
};

const pinned = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies.uplot;
const installed = JSON.parse(readFileSync(join(ROOT, "node_modules/uplot/package.json"), "utf8")).version;
const problems: string[] = [];
if (pinned !== installed) problems.push(`package.json pins uplot ${pinned}, node_modules holds ${installed} (run npm ci)`);
for (const [vendored, source] of Object.entries(VENDORED)) {
  const ours = readFileSync(join(ROOT, vendored));
  if (!ours.equals(readFileSync(join(ROOT, source)))) problems.push(`${vendored} differs from ${source}: copy it again`);
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`vendored files equal uplot ${installed}'s (${Object.keys(VENDORED).length} files)`);

/**
 * The SSRF rule for webhook URLs: a tenant admin chooses where the gateway sends requests, so the
 * URL must be `https:` to a public host; loopback, private and link-local address literals and
 * local-only names are refused. `WEBHOOK_ALLOW_LOOPBACK=true` (local development only) also lets
 * `http:` or `https:` reach loopback, so a receiver on the developer's machine can be tested.
 * Checked when a webhook is saved and again before every delivery attempt.
 */

/** Names that only ever resolve inside a machine or a private network. */
const LOCAL_SUFFIXES = [".localhost", ".local", ".internal"];

/** IPv4 ranges never called: [first octets, prefix length]. */
const BLOCKED_V4: Array<[number[], number]> = [
  [[0], 8], // "this network"
  [[10], 8],
  [[100, 64], 10], // carrier-grade NAT
  [[169, 254], 16], // link-local (cloud metadata services live here)
  [[172, 16], 12],
  [[192, 0, 0], 24],
  [[192, 168], 16],
  [[198, 18], 15], // benchmarking
  [[224], 4], // multicast
  [[240], 4], // reserved, broadcast
];

/** An IPv4 address (up to 4 octets, missing ones 0) as an unsigned 32-bit number. */
const v4Number = (octets: number[]) => [0, 1, 2, 3].reduce((acc, i) => acc * 256 + (octets[i] ?? 0), 0);

/** Does the IPv4 address lie in `prefix/bits`? */
function inV4Range(octets: number[], prefix: number[], bits: number): boolean {
  const block = 2 ** (32 - bits);
  return Math.floor(v4Number(octets) / block) === Math.floor(v4Number(prefix) / block);
}

function parseV4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

/** The 8 groups of an IPv6 address as the URL parser serializes it (hex groups, `::` compressed). */
function parseV6(host: string): number[] | null {
  if (!host.startsWith("[") || !host.endsWith("]")) return null;
  const [head = "", tail, extra] = host.slice(1, -1).split("::");
  if (extra !== undefined) return null;
  const groups = (text: string) => (text ? text.split(":").map((g) => Number.parseInt(g, 16)) : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return all.length === 8 && all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? all : null;
}

type HostKind = "loopback" | "private" | "public";

function v4Kind(octets: number[]): HostKind {
  if (octets[0] === 127) return "loopback";
  return BLOCKED_V4.some(([prefix, bits]) => inV4Range(octets, prefix, bits)) ? "private" : "public";
}

function v6Kind(groups: number[]): HostKind {
  const [g0 = 0, , , , , g5 = 0, g6 = 0, g7 = 0] = groups;
  const zeroesBefore = (n: number) => groups.slice(0, n).every((g) => g === 0);
  if (zeroesBefore(7) && g7 === 1) return "loopback";
  if (zeroesBefore(8)) return "private";
  const embedded = (high: number, low: number) => v4Kind([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  // Addresses that carry an IPv4 address are judged as that address: IPv4-mapped (::ffff:a.b.c.d),
  // IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
  if (zeroesBefore(5) && g5 === 0xffff) return embedded(g6, g7);
  if (zeroesBefore(6)) return embedded(g6, g7);
  if (g0 === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return embedded(g6, g7);
  if (g0 === 0x2002) return embedded(groups[1] ?? 0, groups[2] ?? 0);
  if ((g0 & 0xfe00) === 0xfc00) return "private"; // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return "private"; // link-local fe80::/10
  if ((g0 & 0xff00) === 0xff00) return "private"; // multicast
  return "public";
}

/** What kind of host a URL's hostname (as `new URL()` gives it) names. */
export function hostKind(hostname: string): HostKind {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return "loopback";
  if (LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) return "private";
  const v4 = parseV4(host);
  if (v4) return v4Kind(v4);
  const v6 = parseV6(host);
  if (v6) return v6Kind(v6);
  return "public";
}

/** Why the gateway may not call this webhook URL, or null when it may. */
export function webhookUrlProblem(url: string, allowLoopback: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "is not a URL";
  }
  if (parsed.username || parsed.password) return "must not contain credentials (user:password@)";
  const kind = hostKind(parsed.hostname);
  if (kind === "loopback" && allowLoopback) return parsed.protocol === "http:" || parsed.protocol === "https:" ? null : "must be https:";
  if (parsed.protocol !== "https:") return "must be https:";
  if (kind === "loopback") return "must not point at loopback (allowed only with WEBHOOK_ALLOW_LOOPBACK=true, for local development)";
  if (kind === "private") return "must point at a public host: private, link-local and local-only addresses are refused";
  return null;
}

/** `WEBHOOK_ALLOW_LOOPBACK` as a flag. */
export function allowsLoopback(env: { WEBHOOK_ALLOW_LOOPBACK?: string }): boolean {
  return env.WEBHOOK_ALLOW_LOOPBACK === "true";
}

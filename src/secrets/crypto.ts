import { IsolateMemory } from "../isolate-memory.ts";

const encoder = new TextEncoder();

/** Lower-case hex SHA-256 of a string. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Presented gateway keys' hashes, per isolate: a warm key is looked up without hashing it again. */
const keyHashes = new IsolateMemory<string>(1_000);

/** The SHA-256 a gateway key is stored under, computed once per key per isolate. */
export function gatewayKeyHash(token: string): Promise<string> {
  return keyHashes.read(token, () => sha256Hex(token));
}

/** A provider key's fingerprint (12 hex chars of its SHA-256): tells whether a key changed without revealing it. */
export async function keyFingerprint(secret: string): Promise<string> {
  return (await sha256Hex(secret)).slice(0, 12);
}

/** `n` random bytes as URL-safe base64 without padding. */
export function randomToken(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

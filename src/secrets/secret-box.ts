import { GatewayError } from "../http/gateway-error.ts";
import { IsolateMemory } from "../isolate-memory.ts";

const encoder = new TextEncoder();
const VERSION = "v1";

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

const keys = new IsolateMemory<CryptoKey>(16);

/** The AES-256-GCM key derived (HKDF-SHA-256) from the `SECRETS_KEY` Worker secret; one per isolate. */
function sealingKey(secret: string | undefined): Promise<CryptoKey> {
  if (!secret) {
    throw new GatewayError({
      status: 500,
      type: "server_error",
      code: "secrets_key_missing",
      publicMessage: "Provider secrets cannot be stored or used: set the SECRETS_KEY Worker secret.",
    });
  }
  return keys.read(secret, () =>
    crypto.subtle
      .importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"])
      .then((material) =>
        crypto.subtle.deriveKey(
          { name: "HKDF", hash: "SHA-256", salt: encoder.encode("edge-ai-gateway"), info: encoder.encode("provider-api-key") },
          material,
          { name: "AES-GCM", length: 256 },
          false,
          ["encrypt", "decrypt"],
        ),
      ),
  );
}

/** Encrypts a secret for storage: `v1.<iv>.<ciphertext+tag>`, base64url, a fresh 96-bit IV each time. */
export async function sealSecret(plaintext: string, secret: string | undefined): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await sealingKey(secret), encoder.encode(plaintext));
  return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

/** Decrypts what `sealSecret` produced (throws if it was tampered with or sealed under another key). */
export async function openSecret(sealed: string, secret: string | undefined): Promise<string> {
  const [version, iv, data] = sealed.split(".");
  if (version !== VERSION || !iv || !data) throw new Error("unknown sealed secret format");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64Url(iv) }, await sealingKey(secret), fromBase64Url(data));
  return new TextDecoder().decode(plain);
}

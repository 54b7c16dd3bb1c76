/** Shorter values are not treated as secrets: redacting them would mangle ordinary text. */
const MIN_SECRET_CHARS = 8;
const REDACTED = "[REDACTED]";

/**
 * The secrets one request used (its gateway key, the provider keys and credential headers of the
 * targets it loaded). Whatever an upstream echoes back, text passed through `redact` never
 * carries them: not in a record, a log line, an error message or a streamed chunk.
 */
export class RequestSecrets {
  private readonly values: string[] = [];

  add(value: string | null | undefined): void {
    if (!value || value.length < MIN_SECRET_CHARS || this.values.includes(value)) return;
    this.values.push(value);
    // Longest first, so a secret containing another is replaced whole.
    this.values.sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.values.length;
  }

  /** The secrets themselves, for a run of the same request elsewhere (a durable request's object); never stored. */
  list(): string[] {
    return [...this.values];
  }

  /** `text` with every secret replaced; the same string when it holds none (the common, cheap case). */
  redact(text: string): string {
    let out = text;
    for (const secret of this.values) if (out.includes(secret)) out = out.replaceAll(secret, REDACTED);
    return out;
  }

  /** Any JSON value with every secret in its strings (keys included) replaced. */
  redactJson<T>(value: T): T {
    if (this.values.length === 0 || value === null || value === undefined) return value;
    const text = JSON.stringify(value);
    const clean = this.redact(text);
    return clean === text ? value : (JSON.parse(clean) as T);
  }
}

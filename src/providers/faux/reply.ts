import type { FauxScenario } from "./scenario.ts";

const WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"];

type Message = { role?: unknown; content?: unknown };

/** The text of the last user message (string content or text parts). */
export function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return "";
  const last = [...(messages as Message[])].reverse().find((m) => m?.role === "user");
  if (!last) return "";
  if (typeof last.content === "string") return last.content;
  if (Array.isArray(last.content)) {
    return last.content
      .map((part: { type?: unknown; text?: unknown }) => (part?.type === "text" && typeof part.text === "string" ? part.text : ""))
      .join("");
  }
  return "";
}

/** The answer's content pieces, one per streamed delta. Deterministic for a given prompt and scenario. */
export function replyPieces(scenario: FauxScenario, prompt: string): string[] {
  if (scenario.bytes !== null) {
    const pieceSize = 1024;
    const piece = "lorem ipsum dolor sit amet ".repeat(Math.ceil(pieceSize / 27)).slice(0, pieceSize);
    return Array.from({ length: Math.max(1, Math.ceil(scenario.bytes / pieceSize)) }, () => piece);
  }
  if (scenario.words !== null) {
    return Array.from({ length: scenario.words }, (_, i) => `${WORDS[i % WORDS.length]}${i + 1 < (scenario.words ?? 0) ? " " : ""}`);
  }
  const text =
    scenario.json === "echo"
      ? JSON.stringify({ echo: prompt })
      : scenario.json === "bad"
        ? JSON.stringify({ wrong: true })
        : `Echo: ${prompt || "(no user message)"}`;
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

/** Rough token count for faux usage: whitespace-separated words. */
export function countTokens(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** All message text of a request, for the prompt token count. */
export function promptText(messages: unknown): string {
  if (!Array.isArray(messages)) return "";
  return (messages as Message[]).map((m) => (typeof m?.content === "string" ? m.content : JSON.stringify(m?.content ?? ""))).join(" ");
}

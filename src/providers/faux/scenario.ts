/**
 * The faux provider's behaviour, chosen by model name: `+`-joined tokens, e.g. `echo`,
 * `slow-200+die-after-3`, `fail-first-1`, `status-429+retry-after-2`. See README "Faux models".
 */
export interface FauxScenario {
  /** Answer with this HTTP status and an OpenAI error body instead of a completion. */
  failStatus: number | null;
  /** Fail only the first N attempts of one gateway request (by `x-request-id`), then answer. */
  failFirst: number | null;
  /** `retry-after` header (seconds) on failures. */
  retryAfterSeconds: number | null;
  /** Never send headers (`stall-headers`) or send 200 and then nothing (`stall-body`). */
  stall: "headers" | "body" | null;
  /** After N content deltas: drop the connection, go silent, or send an error event. */
  dieAfter: number | null;
  hangAfter: number | null;
  errorAfter: number | null;
  /** Pause before every chunk. */
  gapMs: number;
  /** Pause before the first content chunk only (after the role preamble). */
  firstDelayMs: number;
  /** Events per network write (a fast upstream, or a proxy that coalesces): 1 sends each event on its own. */
  burst: number;
  /** Answer with N deterministic words instead of echoing the prompt. */
  words: number | null;
  /** Answer with about N bytes of content (for memory benchmarks). */
  bytes: number | null;
  /** Call the request's first tool instead of answering in text. */
  tool: boolean;
  /** Answer with a JSON object: `{"echo": …}` (`json`), or valid JSON of another shape, `{"wrong": true}` (`json-bad`). */
  json: "echo" | "bad" | null;
  /** After N content deltas, start a line (an SSE `data:` line, or the JSON body) that never ends: megabytes without a newline, then silence. */
  endlessLineAfter: number | null;
  /** Pad the non-streamed body, or a stream's first content event, with whitespace to tens of megabytes (still valid JSON). */
  hugeBody: boolean;
  /** Azure OpenAI's first stream chunk: `prompt_filter_results` with `choices: []`, before any content. */
  promptFilter: boolean;
  /** Refuse with OpenAI's 400 `context_length_exceeded`: the prompt is over this model's window. */
  contextWindow: boolean;
}

const BASE: FauxScenario = {
  failStatus: null,
  failFirst: null,
  retryAfterSeconds: null,
  stall: null,
  dieAfter: null,
  hangAfter: null,
  errorAfter: null,
  gapMs: 0,
  firstDelayMs: 0,
  burst: 1,
  words: null,
  bytes: null,
  tool: false,
  json: null,
  endlessLineAfter: null,
  hugeBody: false,
  promptFilter: false,
  contextWindow: false,
};

/** Documented tokens: a fixed word, or a prefix followed by a whole number. */
const NUMERIC: Record<string, (s: FauxScenario, n: number) => void> = {
  "status-": (s, n) => (s.failStatus = n),
  "fail-first-": (s, n) => (s.failFirst = n),
  "retry-after-": (s, n) => (s.retryAfterSeconds = n),
  "die-after-": (s, n) => (s.dieAfter = n),
  "hang-after-": (s, n) => (s.hangAfter = n),
  "error-after-": (s, n) => (s.errorAfter = n),
  "slow-": (s, n) => (s.gapMs = n),
  "delay-": (s, n) => (s.firstDelayMs = n),
  "burst-": (s, n) => (s.burst = Math.max(1, n)),
  "words-": (s, n) => (s.words = n),
  "bytes-": (s, n) => (s.bytes = n),
  "endless-line-after-": (s, n) => (s.endlessLineAfter = n),
};
const FIXED: Record<string, (s: FauxScenario) => void> = {
  echo: () => {},
  "stall-headers": (s) => (s.stall = "headers"),
  "stall-body": (s) => (s.stall = "body"),
  "error-first": (s) => (s.errorAfter = 0),
  tool: (s) => (s.tool = true),
  json: (s) => (s.json = "echo"),
  "json-bad": (s) => (s.json = "bad"),
  "endless-line": (s) => (s.endlessLineAfter = 0),
  "huge-body": (s) => (s.hugeBody = true),
  "prompt-filter": (s) => (s.promptFilter = true),
  "context-window": (s) => (s.contextWindow = true),
};

/** Parses a faux model name; null when a token is unknown (the faux server then answers 404). */
export function parseFauxModel(model: string): FauxScenario | null {
  const scenario: FauxScenario = { ...BASE };
  for (const token of model.split("+")) {
    const fixed = FIXED[token];
    if (fixed) {
      fixed(scenario);
      continue;
    }
    const prefix = Object.keys(NUMERIC).find((p) => token.startsWith(p));
    const value = prefix ? Number(token.slice(prefix.length)) : Number.NaN;
    if (!prefix || !Number.isInteger(value) || value < 0) return null;
    NUMERIC[prefix]?.(scenario, value);
  }
  if (scenario.failFirst !== null && scenario.failStatus === null) scenario.failStatus = 503;
  return scenario;
}

/** Model names listed by the faux provider's `/models` (examples; any valid combination works). */
export const FAUX_EXAMPLE_MODELS = [
  "echo",
  "slow-200",
  "status-503",
  "status-429+retry-after-1",
  "fail-first-1",
  "stall-headers",
  "stall-body",
  "error-first",
  "die-after-3",
  "hang-after-3",
  "error-after-3",
  "words-50",
  "words-100+burst-10",
  "tool",
  "json",
  "json-bad",
  "endless-line",
  "endless-line-after-2",
  "huge-body",
  "prompt-filter",
  "context-window",
];

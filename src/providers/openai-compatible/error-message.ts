/** The `{error:{message,code}}` an OpenAI-style body carries, if any. */
export function errorFromJson(json: unknown): { message: string; code: string | null } | null {
  if (typeof json !== "object" || json === null || !("error" in json)) return null;
  const error = (json as { error: unknown }).error;
  if (typeof error === "string") return { message: error, code: null };
  if (typeof error !== "object" || error === null) return { message: "upstream error", code: null };
  const { message, code, type } = error as { message?: unknown; code?: unknown; type?: unknown };
  return {
    message: typeof message === "string" ? message : "upstream error",
    code: typeof code === "string" ? code : typeof type === "string" ? type : null,
  };
}

/** A short reason from an error body, JSON or not. */
export function openAIErrorMessage(bodyText: string): string {
  try {
    const found = errorFromJson(JSON.parse(bodyText));
    if (found) return found.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return bodyText.trim().slice(0, 300) || "no error body";
}

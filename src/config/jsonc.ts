/** Index of the first character at or after `i` that is neither white space nor inside a comment. */
function skipBlank(text: string, i: number): number {
  while (i < text.length) {
    if (/\s/.test(text[i] ?? "")) i++;
    else if (text.startsWith("//", i)) {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end + 1;
    } else if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 2;
    } else break;
  }
  return i;
}

/**
 * Parses JSONC: JSON with // and /* *\/ comments and trailing commas (as in wrangler.jsonc).
 * Comments and trailing commas are dropped outside strings, then JSON.parse does the rest.
 */
export function parseJsonc(text: string): unknown {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      out += text.slice(start, ++i);
    } else if (text.startsWith("//", i) || text.startsWith("/*", i)) {
      i = skipBlank(text, i);
    } else if (ch === ",") {
      const next = skipBlank(text, i + 1);
      if (text[next] !== "}" && text[next] !== "]") out += ch;
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return JSON.parse(out);
}

/** Display formats shared by the pages. */

export const ms = (value) => (value === null || value === undefined ? "–" : `${Math.round(value)} ms`);

export const usd = (value) =>
  value === null || value === undefined ? "–" : `$${value < 0.01 && value > 0 ? value.toPrecision(2) : value.toFixed(4)}`;

export const percent = (value) => (value === null || value === undefined ? "–" : `${(value * 100).toFixed(1)}%`);

export const target = (t) => (t ? `${t.provider}/${t.model}` : "–");

export const json = (value) => JSON.stringify(value, null, 2);
/** A logged body: JSON, or its text when the record keeps it as text (not JSON, or nested too deep). */
export const body = (value) => (typeof value === "string" ? value : json(value));

/** A webhook attempt's result: the receiver's HTTP status, or why none came (network error, timeout, refused). */
export const httpResult = (status, error) => (status === null || status === undefined ? (error ?? "no answer") : `HTTP ${status}`);

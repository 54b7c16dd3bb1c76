/**
 * Appends `items` to a conversation as a turn of `role`, merged into the last turn when it has the
 * same role (Anthropic and Gemini want roles to alternate, OpenAI does not); empty turns are left
 * out (both refuse them). `key` names the turn's list: Anthropic's `content`, Gemini's `parts`.
 */
export function appendTurn<R extends string, K extends string, I>(
  turns: Array<{ role: R } & Record<K, I[]>>,
  role: R,
  key: K,
  items: I[],
): void {
  if (items.length === 0) return;
  const last = turns.at(-1);
  if (last?.role === role) last[key].push(...items);
  else turns.push({ role, [key]: items } as { role: R } & Record<K, I[]>);
}

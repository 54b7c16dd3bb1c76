/** A Chrome DevTools protocol session with the Worker, through wrangler's inspector port. */
export interface InspectorSession {
  send(method: string, params?: Record<string, unknown>, timeoutMs?: number): Promise<any>;
  close(): void;
}

export async function openInspector(port: number): Promise<InspectorSession> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
  const debuggerUrl = targets[0]?.webSocketDebuggerUrl;
  if (!debuggerUrl) throw new Error("the inspector lists no Worker");
  // wrangler's inspector proxy admits local origins only; Node's WebSocket (undici) takes headers this way.
  const socket = new WebSocket(debuggerUrl, { headers: { origin: "http://localhost" } } as unknown as string[]);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", reject, { once: true });
  });
  let nextId = 1;
  const pending = new Map<number, (result: any) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data));
    if (message.id && pending.has(message.id)) {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    }
  });
  return {
    // Bounded: a method the runtime does not answer (workerd ignores some) fails after 5 s instead of hanging.
    send: (method, params = {}, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`inspector: no answer to ${method}`));
        }, timeoutMs);
        pending.set(id, (result) => {
          clearTimeout(timer);
          resolve(result);
        });
        socket.send(JSON.stringify({ id, method, params }));
      }),
    close: () => socket.close(),
  };
}

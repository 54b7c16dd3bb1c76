/** Vite's `?raw` imports, used by tests to load recorded stream fixtures. */
declare module "*?raw" {
  const text: string;
  export default text;
}

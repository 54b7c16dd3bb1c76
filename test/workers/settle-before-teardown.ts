/**
 * Setup for the workerd test files: a request settles in the background after its response
 * (src/journal/after-flush.ts), and its first pricing loads the price table on demand. A test file
 * that ends right after a response would tear its environment down under that work, and vitest
 * reports it as an unhandled error. So the table is loaded before the tests, and each file gives
 * its last requests' settling a moment before teardown.
 */
import { afterAll, beforeAll } from "vitest";

beforeAll(async () => {
  await import("@pydantic/genai-prices");
});

afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 250));
});

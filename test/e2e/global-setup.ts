import type { TestProject } from "vitest/node";
import { startGateway } from "../support/wrangler-dev.ts";

declare module "vitest" {
  export interface ProvidedContext {
    gatewayUrl: string;
    adminToken: string;
  }
}

/** One real gateway (`npm run dev`) for the whole end-to-end run. */
export default async function setup(project: TestProject) {
  const gateway = await startGateway();
  project.provide("gatewayUrl", gateway.url);
  project.provide("adminToken", gateway.adminToken);
  return () => gateway.stop();
}

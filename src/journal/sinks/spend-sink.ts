import { keyUsageStub } from "../../quotas/key-usage.ts";
import type { SettleSink } from "./settle-sink.ts";

/** A budgeted key's spend: only a budget needs a durable running sum; other keys' spend is summed from the index on read. */
export const spendSink: SettleSink = {
  name: "spend",
  observe: ({ env, state, write }) => {
    const { budgeted, tenant, keyId } = state;
    if (!budgeted || !tenant || !keyId) return null;
    return write().then(({ record }) =>
      record.costUsd ? keyUsageStub(env, { tenant, id: keyId }).addSpend(record.costUsd, state.receivedAt) : undefined,
    );
  },
};

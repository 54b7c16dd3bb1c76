import { foldEvent } from "./fold-event.ts";
import { initialState, type JournalState } from "./journal-state.ts";
import { requestEnd } from "./request-end.ts";
import type { RequestEvent, RequestStart } from "./request-event.ts";

/**
 * One request's journal: stages `emit` what they learn; each event is folded into the state as
 * it arrives. When the folded facts say the request is over (`requestEnd`), the journal appends
 * the `ended` event and hands the state to `onEnd` exactly once; `settled` resolves after it,
 * for `waitUntil`. Events after the end are ignored.
 */
export class RequestJournal {
  readonly state: JournalState;
  readonly settled: Promise<void>;
  private resolveSettled!: () => void;
  private readonly onEnd: (state: JournalState) => Promise<void>;
  private handedOff = false;

  constructor(start: RequestStart, onEnd: (state: JournalState) => Promise<void>) {
    this.state = initialState(start);
    this.onEnd = onEnd;
    this.settled = new Promise((resolve) => {
      this.resolveSettled = resolve;
    });
  }

  emit(event: RequestEvent): void {
    const state = this.state;
    if (state.ended || this.handedOff) return;
    const atMs = Date.now() - state.receivedAt;
    foldEvent(state, event, atMs);
    // A streamed chunk never ends a request: skip the end check on the hot path.
    if (event.type === "chunk") return;
    const end = requestEnd(state);
    if (!end) return;
    foldEvent(state, end, atMs);
    this.onEnd(state)
      .catch((error) => console.error(`[${state.id}] request end failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(this.resolveSettled);
  }

  /**
   * The request is run by its Durable Object (durable mode), whose own run of the same request id
   * writes the record: this journal ends here, writing nothing, so there is one record per request.
   */
  handOff(): void {
    if (this.state.ended || this.handedOff) return;
    this.handedOff = true;
    this.resolveSettled();
  }
}

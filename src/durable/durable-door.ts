import type { DurableJob, DurableMode, JobStatus } from "./durable-job.ts";

/**
 * What the durable host knows of a door whose generations can run in the request's object
 * (chat completions, responses). Each door supplies its own (`doors/door-registry.ts`) and the
 * request's object hands the registry in, so nothing in durable/ names a door or tests a path.
 */
export interface DurableDoor {
  /** Stored with the job (`job.door`): names the door again after a restart. */
  name: string;
  /** The door's generating path: the record of a generation cut by a restart names it. */
  path: string;
  /** Its streams can be made resumable (`x-gateway-resumable`, or a resumable workflow). */
  resumable: boolean;
  /** The mode the body asks for by itself (the Responses API's `background`), or null; absent: the door decides on headers alone. */
  modeOfBody?: (body: string) => DurableMode | null;
  /** How a stream ended, from its last event. */
  statusOfLastFrame(lastFrame: string | undefined): JobStatus;
  /** How a whole (non-stream) answer ended. */
  statusOfBody(httpStatus: number, body: string): JobStatus;
  /** The event that ends a stream cut by a restart, in the door's shape (the host numbers it as event `id`). */
  interruptionEvent(job: DurableJob, id: number): string;
}

/** The doors a request's object may host: by path (a new generation) and by name (a stored one). */
export interface DurableDoors {
  forPath(path: string): DurableDoor | undefined;
  named(name: string): DurableDoor | undefined;
}

/** A door the registry knows: every hosted path and stored door name came from it, so a miss is a bug. */
export function knownDoor(door: DurableDoor | undefined, what: string): DurableDoor {
  if (!door) throw new Error(`no durable door for ${what}`);
  return door;
}

/** The generation's error, or the one a generation cut short is given. */
export function interruptedError(job: DurableJob): { code: string; message: string } {
  return job.error ?? { code: "generation_interrupted", message: "The generation did not finish." };
}

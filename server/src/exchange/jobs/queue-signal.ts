/**
 * Tells the runners of this process that a job was queued, so that it starts at once instead of at the
 * next poll. Runners of other processes find it at their poll.
 */
const listeners = new Set<() => void>();

/** Calls `listener` whenever a job is queued in this process; returns the function that stops it. */
export function onJobQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function announceJobQueued(): void {
  for (const listener of listeners) listener();
}

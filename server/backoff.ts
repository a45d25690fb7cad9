// How long to wait before trying again something that failed (a write to storage): doubling from
// `first`, never longer than `max`.

/** The wait before retry number `attempt` (1 for the first). */
export function backoffMs(attempt: number, first: number, max: number): number {
  return Math.min(max, first * 2 ** (attempt - 1));
}

import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Resolves on `event` from `out` ('drain', 'finish') or when `out` closes (the client went away), whichever
 * comes first, and removes both listeners: a bare `once`, or a race with a promise that outlives the wait,
 * would leave something behind on every wait, and an export waits thousands of times.
 */
export async function eventOrClose(out: Writable, event: 'drain' | 'finish'): Promise<void> {
  if (out.destroyed) return;
  const done = new AbortController();
  try {
    await Promise.race([once(out, event, { signal: done.signal }), once(out, 'close', { signal: done.signal })]);
  } finally {
    done.abort();
  }
}

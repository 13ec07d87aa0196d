// A full garbage collection on demand, so a timed section does not pay for garbage made before it.
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * After a full collection V8 sweeps on background threads; a timed section started at once would
 * wait for them. This long a pause lets them finish (measured: 100k sleepers' worth of heap).
 */
const SWEEP_PAUSE_MS = 50;

let gcFn: (() => void) | null = null;

/** Runs V8's gc(); exposes it first when node was started without --expose-gc. */
export function collectGarbage(): void {
  if (!gcFn) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) gcFn = g;
    else {
      v8.setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    }
  }
  gcFn();
}

/** A full collection, then a pause for the background sweeping it started. */
export async function collectGarbageAndSettle(): Promise<void> {
  collectGarbage();
  await sleep(SWEEP_PAUSE_MS);
}

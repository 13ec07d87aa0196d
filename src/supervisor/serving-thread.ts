// The serving thread of `semundo run` (worker-main.ts), started before the rest of the command has loaded:
// its own start-up (an isolate, the model's modules) overlaps ours. It waits for its WorkerInput message.
import { Worker } from 'node:worker_threads';

let early: Worker | null = null;

function start(): Worker {
  return new Worker(new URL('./worker-main.js', import.meta.url), {
    // The worker's stdio stays its own: piping it to ours would set O_NONBLOCK on the command's stdio.
    stdout: true,
    stderr: true,
    // Its descriptors come from memfd_create, pidfd_open and the listener as well as from fs: fs must not
    // track (and warn about, at a stack trace's cost) those it did not open.
    trackUnmanagedFds: false,
  });
}

/** Starts the serving thread now, for the session that is about to be set up. */
export function prestartServingThread(): void {
  early ??= start();
}

/** The thread started early, or a new one. */
export function servingThread(): Worker {
  const w = early ?? start();
  early = null;
  return w;
}

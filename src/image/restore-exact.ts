// Restore, exact mode: a new machine holding everything the image holds, built whole before it is
// handed over (a failure leaves nothing behind).
import type { Clock } from '../lib/index.js';
import { KernelState, type Task } from '../kernel/index.js';
import type { ImageBody } from './image-types.js';
import { restoreCalls } from './restore-calls.js';
import { restoreNamespaces } from './restore-sets.js';
import { restoreTasks } from './restore-tasks.js';

/** A machine with the namespaces, sets, processes, undo lists and calls of a validated image body. */
export function restoreExact(body: ImageBody, clock: Clock): KernelState {
  const k = new KernelState(clock, undefined, body.namespaces[0]!.inum);
  const nss = restoreNamespaces(k, body.namespaces);
  const tasks: Map<number, Task> = restoreTasks(k, body, nss);
  restoreCalls(body, nss, tasks, clock.monotonicNs());
  return k;
}

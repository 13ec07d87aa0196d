// Restore, exact mode: sleeping semop/semtimedop calls (struct sem_queue) on their queues, in the
// saved order, and results held for stopped processes.
import { SemArray, Waiter, lookupChecked, type IpcNamespace, type Task } from '../kernel/index.js';
import type { Sembuf } from '../abi/index.js';
import type { ImageBody, QueuesImage, SleepingCallImage } from './image-types.js';

// ipc/sem.c: the dupsop test of do_semtimedop — a sem_num (modulo 64) used again after an altering sop
function dupsopOf(sops: readonly Sembuf[]): boolean {
  let seen = 0n;
  for (const s of sops) {
    const bit = 1n << BigInt(s.sem_num & 63);
    if (seen & bit) return true;
    if (s.sem_op !== 0) seen |= bit;
  }
  return false;
}

function sleeper(task: Task, set: SemArray, c: SleepingCallImage, nowNs: bigint): Waiter {
  const sops = c.sops.map((s) => ({ ...s }));
  const undo = c.undo ? (task.undoList?.find(c.semid) ?? null) : null;
  const alter = sops.some((s) => s.sem_op !== 0);
  const w = new Waiter(task, set, sops, undo, task.tgid, alter, dupsopOf(sops), c.blocking);
  if (c.remainingNs !== null) w.deadlineNs = nowNs + BigInt(c.remainingNs);
  return w;
}

/** A result held while the process is stopped; the call's set may be gone, so it keeps none. */
function held(task: Task, status: number): void {
  const detached = new SemArray(0, 0, 0, 0, 0, 0, 0, 0);
  detached.deleted = true;
  task.heldWaiter = new Waiter(task, detached, [], null, task.tgid, false, false, 0);
  task.heldStatus = status;
}

function enqueue(set: SemArray, q: QueuesImage, waiters: Map<number, Waiter>): void {
  const w = (tid: number): Waiter => waiters.get(tid)!;
  for (const tid of q.alter) set.alterQ.push(w(tid));
  for (const tid of q.const) set.constQ.push(w(tid));
  for (const s of q.sems) {
    const queues = set.queuesOf(s.num);
    for (const tid of s.alter) queues.alter.push(w(tid));
    for (const tid of s.const) queues.const.push(w(tid));
  }
}

/** Every call of the image, attached to its task and, for a sleeping one, queued on its set. */
export function restoreCalls(
  body: ImageBody,
  nss: readonly IpcNamespace[],
  tasks: ReadonlyMap<number, Task>,
  nowNs: bigint,
): void {
  const waiters = new Map<number, Waiter>();
  for (const p of body.processes)
    for (const t of p.threads) {
      const task = tasks.get(t.tid)!;
      if (t.call?.state === 'held') held(task, t.call.status);
      if (t.call?.state !== 'sleeping') continue;
      const set = lookupChecked(task.ns, t.call.semid)!;
      const w = sleeper(task, set, t.call, nowNs);
      task.waiter = w;
      waiters.set(t.tid, w);
      if (w.nsops > 1) set.complexCount++;
    }
  body.namespaces.forEach((img, i) => {
    for (const s of img.sets) enqueue(lookupChecked(nss[i]!, s.id)!, s.queues, waiters);
  });
}

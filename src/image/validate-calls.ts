// Consistency of the calls an image holds: results held only in stopped processes; sleeping calls
// that could have gone to sleep, each on exactly the queue ipc/sem.c would have put it on.
import { IPC_NOWAIT, SEM_UNDO } from '../abi/index.js';
import { fail } from './image-error.js';
import type { QueuesImage, SleepingCallImage } from './image-types.js';
import { setPath, threadPath, type Context, type SetRef, type ThreadRef } from './validate-context.js';

function checkSleeping(ctx: Context, ref: ThreadRef, c: SleepingCallImage): SetRef {
  const path = `${threadPath(ref)}.call`;
  const n = ref.thread.ns;
  const target = ctx.sets[n]!.get(c.semid);
  if (!target) fail(`${path}.semid`, `no set ${c.semid} in namespaces[${n}], the thread's namespace`);
  const nsems = target.set.sems.length;
  c.sops.forEach((sop, i) => {
    if (sop.sem_num >= nsems) fail(`${path}.sops[${i}].sem_num`, `${sop.sem_num} >= nsems ${nsems}`);
  });
  if (c.blocking >= c.sops.length) fail(`${path}.blocking`, `${c.blocking} >= ${c.sops.length} sops`);
  const b = c.sops[c.blocking]!;
  if (b.sem_op > 0) fail(`${path}.blocking`, `sops[${c.blocking}] adds ${b.sem_op}, which never blocks`);
  if (b.sem_flg & IPC_NOWAIT)
    fail(`${path}.blocking`, `sops[${c.blocking}] has IPC_NOWAIT, which fails instead of sleeping`);
  const withUndo = c.sops.findIndex((s) => (s.sem_flg & SEM_UNDO) !== 0);
  if (c.undo && withUndo < 0) fail(`${path}.undo`, 'true, but no sop has SEM_UNDO');
  if (!c.undo && withUndo >= 0) fail(`${path}.undo`, `false, but sops[${withUndo}] has SEM_UNDO`);
  if (c.undo) {
    const l = ref.thread.undoList;
    if (l === null) fail(`${path}.undo`, 'true, but the thread holds no undo list');
    if (!ctx.body.undoLists[l]!.entries.some((e) => e.semid === c.semid))
      fail(`${path}.undo`, `true, but undoLists[${l}] has no entry for set ${c.semid}`);
  }
  return target;
}

/** A queue of a set: the set-wide one (num null) or one semaphore's. */
interface QueueId {
  kind: 'alter' | 'const';
  num: number | null;
}

interface Queue extends QueueId {
  tids: readonly number[];
  path: string;
}

// ipc/sem.c: the queueing of __do_semtimedop, merge_queues and unmerge_queues (src/kernel/sem-queue.ts):
// complex calls sleep on the set's queues, and so do single altering calls while a complex call sleeps.
function expectedQueue(c: SleepingCallImage, complex: boolean): QueueId {
  const kind = c.sops.some((s) => s.sem_op !== 0) ? 'alter' : 'const';
  if (c.sops.length > 1) return { kind, num: null };
  const num = c.sops[0]!.sem_num;
  return { kind, num: kind === 'alter' && complex ? null : num };
}

function describe(q: QueueId): string {
  return q.num === null ? `the set's ${q.kind} queue` : `the ${q.kind} queue of semaphore ${q.num}`;
}

function queuesOf(q: QueuesImage, path: string): Queue[] {
  const all: Queue[] = [
    { kind: 'alter', num: null, tids: q.alter, path: `${path}.alter` },
    { kind: 'const', num: null, tids: q.const, path: `${path}.const` },
  ];
  q.sems.forEach((s, k) => {
    all.push({ kind: 'alter', num: s.num, tids: s.alter, path: `${path}.sems[${k}].alter` });
    all.push({ kind: 'const', num: s.num, tids: s.const, path: `${path}.sems[${k}].const` });
  });
  return all;
}

/** Every tid on the set's queues sleeps on this set, once, on its right queue. */
function checkQueues(
  ctx: Context,
  target: SetRef,
  sleepers: readonly ThreadRef[],
  queued: Set<number>,
): void {
  const q = target.set.queues;
  if (sleepers.length === 0 && q.alter.length === 0 && q.const.length === 0 && q.sems.length === 0) return;
  const complex = sleepers.some((r) => (r.thread.call as SleepingCallImage).sops.length > 1);
  const seen = new Map<number, string>();
  for (const queue of queuesOf(q, `${setPath(target)}.queues`)) {
    queue.tids.forEach((tid, i) => {
      const p = `${queue.path}[${i}]`;
      const ref = ctx.threads.get(tid);
      const c = ref?.thread.call;
      if (!ref || c?.state !== 'sleeping' || ref.thread.ns !== target.n || c.semid !== target.set.id)
        fail(p, `tid ${tid} is not a thread sleeping on this set`);
      const before = seen.get(tid);
      if (before !== undefined) fail(p, `tid ${tid} is already on ${before}`);
      seen.set(tid, p);
      const want = expectedQueue(c, complex);
      if (want.kind !== queue.kind || want.num !== queue.num)
        fail(p, `tid ${tid} belongs on ${describe(want)}`);
      queued.add(tid);
    });
  }
}

export function checkCalls(ctx: Context): void {
  const sleepers = new Map<SetRef, ThreadRef[]>();
  for (const ref of ctx.threads.values()) {
    const c = ref.thread.call;
    if (c === null) continue;
    if (c.state === 'held') {
      if (!ref.process.stopped)
        fail(`${threadPath(ref)}.call`, 'a held result, but the process is not stopped');
      continue;
    }
    const target = checkSleeping(ctx, ref, c);
    let list = sleepers.get(target);
    if (!list) sleepers.set(target, (list = []));
    list.push(ref);
  }
  const queued = new Set<number>();
  ctx.sets.forEach((sets) => {
    for (const target of sets.values()) checkQueues(ctx, target, sleepers.get(target) ?? [], queued);
  });
  for (const ref of ctx.threads.values()) {
    const c = ref.thread.call;
    if (c?.state === 'sleeping' && !queued.has(ref.thread.tid))
      fail(`${threadPath(ref)}.call`, `sleeping on set ${c.semid}, but on none of its queues`);
  }
}

// Checkpoint: the whole semaphore state of a model machine as an image body (docs/image-format.md).
import { credImage } from './cred-image.js';
import type {
  IpcNamespace,
  KernelState,
  Process,
  SemArray,
  Task,
  UndoList,
  WaitQueue,
  Waiter,
} from '../kernel/index.js';
import type {
  CallImage,
  ImageBody,
  NamespaceImage,
  ProcessImage,
  QueuesImage,
  SetImage,
  ThreadImage,
  UndoListImage,
} from './image-types.js';

/** The sleepers of a queue that are saved, by tid, in queue order. */
type Tids = (q: WaitQueue<Waiter>) => number[];

function queuesOf(set: SemArray, tids: Tids): QueuesImage {
  const sems: QueuesImage['sems'] = [];
  const per = set.semQueues;
  if (per)
    for (let num = 0; num < per.length; num++) {
      const q = per[num];
      if (!q) continue;
      const [alter, konst] = [tids(q.alter), tids(q.const)];
      if (alter.length || konst.length) sems.push({ num, alter, const: konst });
    }
  return { alter: tids(set.alterQ), const: tids(set.constQ), sems };
}

function setImage(set: SemArray, tids: Tids): SetImage {
  return {
    id: set.id,
    key: set.key,
    uid: set.uid,
    gid: set.gid,
    cuid: set.cuid,
    cgid: set.cgid,
    mode: set.mode,
    ctime: set.ctime,
    sems: Array.from({ length: set.nsems }, (_, i) => ({
      val: set.vals[i]!,
      pid: set.pids[i]!,
      otime: set.otimes[i]!,
    })),
    queues: queuesOf(set, tids),
  };
}

function namespaceImage(ns: IpcNamespace, tids: Tids): NamespaceImage {
  const { semmsl, semmns, semopm, semmni } = ns.limits;
  return {
    inum: ns.inum,
    limits: { semmsl, semmns, semopm, semmni },
    semNextId: ns.nextId,
    ids: { seq: ns.seq, lastIdx: ns.lastIdx, cursor: ns.nextCursor },
    sets: [...ns.sets()].map((set) => setImage(set, tids)),
  };
}

function undoListImage(list: UndoList): UndoListImage {
  const entries: UndoListImage['entries'] = [];
  for (let e = list.head; e; e = e.next)
    if (e.set && !e.set.deleted) entries.push({ semid: e.semid, semadj: Array.from(e.semadj) });
  return { entries };
}

function callImage(t: Task, now: bigint): CallImage | null {
  const w = t.waiter;
  if (w)
    return {
      state: 'sleeping',
      semid: w.set.id,
      sops: w.sops.map((s) => ({ sem_num: s.sem_num, sem_op: s.sem_op, sem_flg: s.sem_flg })),
      blocking: w.blocking,
      undo: w.undo !== null,
      remainingNs: w.deadlineNs === null ? null : String(w.deadlineNs > now ? w.deadlineNs - now : 0n),
    };
  if (t.heldWaiter) return { state: 'held', status: t.heldStatus! };
  return null;
}

/** Numbers objects in order of first appearance, so every reference in the image is an index. */
class Numbering<T> {
  readonly items: T[] = [];
  private readonly index = new Map<T, number>();
  of(x: T): number {
    let i = this.index.get(x);
    if (i === undefined) {
      i = this.items.length;
      this.index.set(x, i);
      this.items.push(x);
    }
    return i;
  }
}

/** The processes to save: all live ones, or those named (each must be live). */
function chosen(k: KernelState, pids: readonly number[] | undefined): Process[] {
  const all = [...k.processes.values()].filter((p) => p.alive);
  const wanted = pids ? new Set(pids) : null;
  return all.filter((p) => !wanted || wanted.has(p.tgid)).sort((a, b) => a.tgid - b.tgid);
}

/**
 * The image body of machine `k`: the initial IPC namespace and every namespace a saved thread is in,
 * with all their sets; the saved processes (all, or those in `pids`) with their live threads; and
 * each undo list a saved thread holds, once.
 */
export function checkpointBody(k: KernelState, pids?: readonly number[]): ImageBody {
  const namespaces = new Numbering<IpcNamespace>();
  const lists = new Numbering<UndoList>();
  namespaces.of(k.initNs);
  const now = k.clock.monotonicNs();
  const saved = chosen(k, pids);
  const savedTgids = new Set(saved.map((p) => p.tgid));
  const tids: Tids = (q) =>
    q
      .toArray()
      .filter((w) => savedTgids.has(w.task.tgid))
      .map((w) => w.task.tid);
  const processes: ProcessImage[] = saved.map((p) => ({
    pid: p.tgid,
    stopped: p.stopped,
    dispositions: [...p.dispositions]
      .filter(([, d]) => d !== 'default')
      .map(([sig, d]) => ({ sig, action: d as 'catch' | 'ignore' }))
      .sort((a, b) => a.sig - b.sig),
    threads: p.liveThreads().map((t): ThreadImage => ({
      tid: t.tid,
      cred: credImage(t.cred),
      ns: namespaces.of(t.ns),
      undoList: t.undoList ? lists.of(t.undoList) : null,
      call: callImage(t, now),
    })),
  }));
  return {
    source: 'model',
    lastPid: k.lastAllocatedPid,
    namespaces: namespaces.items.map((ns) => namespaceImage(ns, tids)),
    undoLists: lists.items.map(undoListImage),
    processes,
  };
}

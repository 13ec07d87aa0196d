// Restore through system calls, the processes: each made by clone() from a restorer (or, to share an
// undo list, from a task that already holds it), moved into its namespace with setns(), its undo list
// written by a holder into /proc/thread-self/semundo, its sleeping calls made again, and only then its
// credentials set, its signal dispositions, and SIGSTOP for a stopped process. Pids are new.
import { CLONE_SYSVSEM, SIGSTOP, type Sembuf } from '../abi/index.js';
import type { KernelState, Task } from '../kernel/index.js';
import {
  sysClone,
  sysCloneThreadOwnUndo,
  sysKill,
  sysUnshare,
  sysSemtimedop,
  sysSetcred,
  sysSetnsIpc,
  sysSigaction,
} from '../syscalls/index.js';
import type { ImageBody, ProcessImage, SleepingCallImage, ThreadImage } from './image-types.js';
import { ImageError } from './image-error.js';
import { procWrite } from './proc-write.js';
import { must } from './restore-fail.js';

const NSEC_PER_SEC = 1_000_000_000n;

interface Made {
  task: Task;
  img: ThreadImage;
  path: string;
}

class TaskMaker {
  /** The first task made for each undo list of the image. */
  readonly holders = new Map<number, Task>();
  readonly made: Made[] = [];
  /** Old tid -> new tid. */
  readonly tids = new Map<number, number>();
  /** The first task made in each process for each undo list of the image. */
  private readonly inProcess = new Map<Task['process'], Map<number, Task>>();

  constructor(
    private readonly k: KernelState,
    private readonly restorers: readonly Task[],
  ) {}

  private join(task: Task, t: ThreadImage, path: string): void {
    if (task.ns !== this.restorers[t.ns]!.ns)
      must(sysSetnsIpc(this.k, task, this.restorers[t.ns]!), path, 'setns');
    if (t.undoList !== null) {
      if (!this.holders.has(t.undoList)) this.holders.set(t.undoList, task);
      let lists = this.inProcess.get(task.process);
      if (!lists) this.inProcess.set(task.process, (lists = new Map()));
      if (!lists.has(t.undoList)) lists.set(t.undoList, task);
    }
    this.made.push({ task, img: t, path });
    this.tids.set(t.tid, task.tid);
  }

  /** The first task of a process, born sharing `list` with its earlier holder (or with no list). */
  private leader(t: ThreadImage, list: number | null, path: string): Task {
    const holder = list === null ? undefined : this.holders.get(list);
    const parent = holder ?? this.restorers[t.ns]!;
    const task = must(
      sysClone(this.k, parent, { thread: false, sysvsem: holder !== undefined }),
      path,
      'clone',
    );
    for (const sig of task.process.dispositions.keys()) sysSigaction(task, sig, 'default');
    return task;
  }

  /** Another thread: shares the list of a holder in its process, or has a list of its own. */
  private thread(leader: Task, t: ThreadImage, path: string): Task {
    const holder = t.undoList === null ? undefined : this.inProcess.get(leader.process)?.get(t.undoList);
    const task = holder
      ? must(sysClone(this.k, holder, { thread: true, sysvsem: true }), path, 'clone(CLONE_THREAD)')
      : sysCloneThreadOwnUndo(this.k, leader);
    this.join(task, t, path);
    return task;
  }

  /**
   * A process and its threads. A list held by an earlier process can only come in through the
   * leader's birth (clone with CLONE_SYSVSEM from a holder): the leader's own list if it is such a
   * list, else the first such list one of its threads needs — then the leader makes those threads and
   * lets go of the list (unshare(CLONE_SYSVSEM)) before the others are made.
   */
  process(p: ProcessImage, i: number): Task {
    const path = `body.processes[${i}]`;
    const [first, ...others] = p.threads as [ThreadImage, ...ThreadImage[]];
    const earlier = (l: number | null): l is number => l !== null && this.holders.has(l);
    const borrowed = earlier(first.undoList)
      ? null
      : (others.find((t) => earlier(t.undoList) && t.undoList !== first.undoList)?.undoList ?? null);
    const leader = this.leader(first, borrowed ?? first.undoList, `${path}.threads[0]`);
    const at = (t: ThreadImage) => `${path}.threads[${p.threads.indexOf(t)}]`;
    if (borrowed !== null) {
      const lists = this.inProcessOf(leader);
      lists.set(borrowed, leader);
      const sharers = others.filter((t) => t.undoList === borrowed).map((t) => this.thread(leader, t, at(t)));
      lists.set(borrowed, sharers[0]!);
      must(sysUnshare(this.k, leader, CLONE_SYSVSEM), path, 'unshare(CLONE_SYSVSEM)');
    }
    this.join(leader, first, `${path}.threads[0]`);
    for (const t of others) if (borrowed === null || t.undoList !== borrowed) this.thread(leader, t, at(t));
    for (const d of p.dispositions) must(sysSigaction(leader, d.sig, d.action), path, 'rt_sigaction');
    return leader;
  }

  private inProcessOf(task: Task): Map<number, Task> {
    let lists = this.inProcess.get(task.process);
    if (!lists) this.inProcess.set(task.process, (lists = new Map()));
    return lists;
  }

  /**
   * The tasks to write each saved list through: one per copy of it that the new machine holds (tasks
   * sharing one list object are one copy; a task holding none is a copy of its own), so every copy
   * gets the saved lines even where the sharing itself could not be rebuilt.
   */
  copies(): Map<number, Made[]> {
    const out = new Map<number, Made[]>();
    const seen = new Set<object>();
    for (const m of this.made) {
      if (m.img.undoList === null) continue;
      const key = m.task.undoList ?? m.task;
      if (seen.has(key)) continue;
      seen.add(key);
      const list = out.get(m.img.undoList) ?? [];
      list.push(m);
      out.set(m.img.undoList, list);
    }
    return out;
  }
}

function lines(body: ImageBody, list: number): string {
  return body.undoLists[list]!.entries.map(
    (e) => `${e.semid} ${e.semadj.length} ${e.semadj.join(' ')}\n`,
  ).join('');
}

/**
 * A call made again sleeps (true), or fails at once (false: an IPC_NOWAIT sop that would block now,
 * or no time left) and is lost; with `mayEnd` it may also succeed at once against the machine's values.
 */
function sleepAgain(k: KernelState, m: Made, c: SleepingCallImage, mayEnd: boolean): boolean {
  const sops: Sembuf[] = c.sops.map((s) => ({ ...s }));
  let timeout = null;
  if (c.remainingNs !== null) {
    const ns = BigInt(c.remainingNs);
    timeout = { tv_sec: Number(ns / NSEC_PER_SEC), tv_nsec: Number(ns % NSEC_PER_SEC) };
  }
  const r = sysSemtimedop(k, m.task, c.semid, sops, { timeout });
  if (typeof r !== 'number') return true;
  if (r === 0 && !mayEnd) throw new ImageError(`${m.path}.call`, 'the call, made again, did not sleep');
  return false;
}

export interface RestoredTasks {
  /** Old tid -> new tid. */
  tids: Map<number, number>;
  /** Old tids whose sleeping call or held result could not be carried. */
  lostCalls: Set<number>;
}

/** Every process of the image, rebuilt through system calls. */
export function restoreTasksThroughSyscalls(
  k: KernelState,
  body: ImageBody,
  restorers: readonly Task[],
  /** A sleeping call made again may end at once (a restart into a machine whose values moved on). */
  callsMayEnd = false,
): RestoredTasks {
  const maker = new TaskMaker(k, restorers);
  const lostCalls = new Set<number>();
  const leaders = body.processes.map((p, i) => maker.process(p, i));
  const copies = maker.copies();
  const text = new Map<number, string>();
  const lineOf = (list: number): string => {
    let t = text.get(list);
    if (t === undefined) text.set(list, (t = lines(body, list)));
    return t;
  };
  const write = (m: Made, list: number) =>
    must(
      procWrite(k, m.task, '/proc/thread-self/semundo', lineOf(list)),
      `body.undoLists[${list}]`,
      'writing semundo',
    );
  for (const [list, holders] of copies) for (const m of holders) write(m, list);
  const byTid = new Map(maker.made.map((m) => [m.img.tid, m]));
  for (const ns of body.namespaces)
    for (const s of ns.sets) {
      const order = [
        ...s.queues.alter,
        ...s.queues.const,
        ...s.queues.sems.flatMap((q) => [...q.alter, ...q.const]),
      ];
      for (const tid of order) {
        const m = byTid.get(tid)!;
        if (!sleepAgain(k, m, m.img.call as SleepingCallImage, callsMayEnd)) lostCalls.add(tid);
      }
    }
  // The calls made again moved their entries to the front of their lists: in each copy, a holder
  // that does not sleep writes the list once more, which puts every entry back in its saved place.
  const awake = new Map<object, Made>();
  for (const m of maker.made)
    if (m.task.undoList && m.task.waiter === null && !awake.has(m.task.undoList))
      awake.set(m.task.undoList, m);
  for (const [list, holders] of copies)
    for (const h of holders) {
      const a = h.task.undoList ? awake.get(h.task.undoList) : undefined;
      if (a) write(a, list);
    }
  for (const m of maker.made) {
    const c = m.img.cred;
    must(
      sysSetcred(m.task, {
        uid: c.uid,
        gid: c.gid,
        euid: c.euid,
        egid: c.egid,
        groups: c.groups,
        caps: c.capEff,
      }),
      m.path,
      'setting credentials',
    );
  }
  body.processes.forEach((p, i) => {
    if (p.stopped) must(sysKill(k, null, leaders[i]!.tgid, SIGSTOP), `body.processes[${i}]`, 'kill(SIGSTOP)');
  });
  for (const m of maker.made) if (m.img.call?.state === 'held') lostCalls.add(m.img.tid);
  return { tids: maker.tids, lostCalls };
}

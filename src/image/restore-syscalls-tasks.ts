// Restore through system calls, the processes: each made by clone() from a restorer (or, to share an
// undo list, from a task that already holds it), moved into its namespace with setns(), its undo list
// written by a holder into /proc/thread-self/semundo, its sleeping calls made again, and only then its
// credentials set, its signal dispositions, and SIGSTOP for a stopped process. Pids are new.
import { SIGSTOP, type Sembuf } from '../abi/index.js';
import type { KernelState, Task } from '../kernel/index.js';
import {
  sysClone,
  sysCloneThreadOwnUndo,
  sysKill,
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

  /** The process's first thread: shares its list with an earlier holder, or starts without one. */
  private leader(p: ProcessImage, path: string): Task {
    const t = p.threads[0]!;
    const holder = t.undoList === null ? undefined : this.holders.get(t.undoList);
    const parent = holder ?? this.restorers[t.ns]!;
    const task = must(
      sysClone(this.k, parent, { thread: false, sysvsem: holder !== undefined }),
      path,
      'clone',
    );
    for (const sig of task.process.dispositions.keys()) sysSigaction(task, sig, 'default');
    this.join(task, t, path);
    return task;
  }

  /** Another thread: shares the list of a holder in its process, or has a list of its own. */
  private thread(leader: Task, t: ThreadImage, path: string): void {
    const holder = t.undoList === null ? undefined : this.inProcess.get(leader.process)?.get(t.undoList);
    const task = holder
      ? must(sysClone(this.k, holder, { thread: true, sysvsem: true }), path, 'clone(CLONE_THREAD)')
      : sysCloneThreadOwnUndo(this.k, leader);
    this.join(task, t, path);
  }

  process(p: ProcessImage, i: number): Task {
    const path = `body.processes[${i}]`;
    const leader = this.leader(p, `${path}.threads[0]`);
    p.threads.slice(1).forEach((t, j) => this.thread(leader, t, `${path}.threads[${j + 1}]`));
    for (const d of p.dispositions) must(sysSigaction(leader, d.sig, d.action), path, 'rt_sigaction');
    return leader;
  }
}

function lines(body: ImageBody, list: number): string {
  return body.undoLists[list]!.entries.map(
    (e) => `${e.semid} ${e.semadj.length} ${e.semadj.join(' ')}\n`,
  ).join('');
}

/** A call made again either sleeps, or (may it end) ends at once against the new machine's values. */
function sleepAgain(k: KernelState, m: Made, c: SleepingCallImage, mayEnd: boolean): void {
  const sops: Sembuf[] = c.sops.map((s) => ({ ...s }));
  let timeout = null;
  if (c.remainingNs !== null) {
    const ns = BigInt(c.remainingNs);
    timeout = { tv_sec: Number(ns / NSEC_PER_SEC), tv_nsec: Number(ns % NSEC_PER_SEC) };
  }
  const r = sysSemtimedop(k, m.task, c.semid, sops, { timeout });
  if (typeof r !== 'number' || mayEnd) return;
  if (r === 0) throw new ImageError(`${m.path}.call`, 'the call, made again, did not sleep');
  must(r, `${m.path}.call`, 'the call, made again,');
}

/** Every process of the image, rebuilt through system calls; returns old tid -> new tid. */
export function restoreTasksThroughSyscalls(
  k: KernelState,
  body: ImageBody,
  restorers: readonly Task[],
  /** A sleeping call made again may end at once (a restart into a machine whose values moved on). */
  callsMayEnd = false,
): Map<number, number> {
  const maker = new TaskMaker(k, restorers);
  const leaders = body.processes.map((p, i) => maker.process(p, i));
  for (const [list, holder] of maker.holders)
    must(
      procWrite(k, holder, '/proc/thread-self/semundo', lines(body, list)),
      `body.undoLists[${list}]`,
      'writing semundo',
    );
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
        sleepAgain(k, m, m.img.call as SleepingCallImage, callsMayEnd);
      }
    }
  // The calls made again moved their entries to the front of their lists: a holder that does not
  // sleep writes the list once more, which puts every entry back in its saved place.
  const firstAwake = new Map<number, Made>();
  for (const m of maker.made)
    if (m.img.undoList !== null && m.task.waiter === null && !firstAwake.has(m.img.undoList))
      firstAwake.set(m.img.undoList, m);
  for (const list of maker.holders.keys()) {
    const awake = firstAwake.get(list);
    if (awake)
      must(
        procWrite(k, awake.task, '/proc/thread-self/semundo', lines(body, list)),
        `body.undoLists[${list}]`,
        'writing semundo',
      );
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
  return maker.tids;
}

// Who a real thread is for the model (include/linux/sched.h: task, thread group, undo list, IPC namespace, cred):
// built from /proc and kcmp at its first call, kept until its pidfd says it has exited.
import { ESRCH } from '../abi/index.js';
import { fstatSync } from 'node:fs';
import { getUndoList, type IpcNamespace, type KernelState, type Task } from '../kernel/index.js';
import { kcmpSysvsem } from '../host/kcmp.js';
import { closeFd, EPOLLIN, pidfdOpen, type Epoll } from '../host/pidfd.js';
import { readThreadStatus, threadIpcNamespaceInode, type ThreadStatus } from '../host/proc-status.js';
import { credOfStatus } from './thread-cred.js';
import type { HolderLookup } from './hidden-holders.js';
import type { EntryBody } from './state-entries.js';
import { credImage, credOfImage } from '../image/index.js';

export interface TaskEntry {
  task: Task;
  /** PIDFD_THREAD pidfd, registered in the loop's epoll with the tid as its tag; -1 until reopened after a restart. */
  pidfd: number;
  /** The pidfd's inode: a pidfd opened later on the same tid with another inode is of another thread. */
  ino: number;
  /** Credentials (or the namespace) may have changed since /proc was read: read it again at the next call. */
  dirty: boolean;
}

/** Journals an entry (and returns it, with the clock it read). */
export type RecordEntry = <B extends EntryBody>(body: B) => B & { m: number; r: number };

export class SessionTasks {
  readonly byTid = new Map<number, TaskEntry>();
  private readonly nsByInode = new Map<number, IpcNamespace>();

  constructor(
    private readonly k: KernelState,
    private readonly epoll: Epoll,
    /** A thread of ours that holds no undo list: kcmp against it tells a real NULL list. */
    private readonly nullListTid: number,
    private readonly record: RecordEntry,
  ) {
    for (const ns of namespacesOf(k)) this.nsByInode.set(ns.inum, ns);
  }

  /** The model namespace of a real IPC namespace, made fresh (default limits, no sets) when it is new. */
  namespaceOf(inode: number): IpcNamespace {
    let ns = this.nsByInode.get(inode);
    if (!ns) this.nsByInode.set(inode, (ns = this.k.newNamespace(inode)));
    return ns;
  }

  /** The cached task of a thread, or null when /proc must be read (unknown or dirty). */
  cached(tid: number): Task | null {
    const e = this.byTid.get(tid);
    return e && !e.dirty ? e.task : null;
  }

  markDirty(tid: number): void {
    const e = this.byTid.get(tid);
    if (e) e.dirty = true;
  }

  /** Reads the thread's /proc entries and makes or refreshes its model task; -errno when it cannot be read. */
  refresh(tid: number): Task | number {
    const st = readThreadStatus(tid);
    if (typeof st === 'number') return -ESRCH;
    const inode = threadIpcNamespaceInode(tid);
    if (inode < 0) return -ESRCH;
    const e = this.byTid.get(tid);
    if (e) {
      this.applyCred(this.record({ t: 'cred', tid, cred: credImage(credOfStatus(st)), ns: inode }));
      return e.task;
    }
    return this.create(tid, st, inode);
  }

  private create(tid: number, st: ThreadStatus, inode: number): Task | number {
    const cred = credImage(credOfStatus(st));
    const proc = this.k.processes.get(st.tgid);
    const meet = (t: number, candidates: readonly number[]): Task | number => {
      const fd = pidfdOpen(t, true);
      if (fd < 0) return -ESRCH;
      const share = this.sharer(t, candidates);
      const ino = inodeOf(fd);
      return this.applyTask(
        this.record({ t: 'task', tid: t, tgid: st.tgid, cred, ns: inode, ino, share }),
        fd,
      );
    };
    if (proc && proc.firstLiveThread()) return meet(tid, liveTids(proc.liveThreads()));
    const leader = meet(st.tgid, liveTids(this.k.processes.get(st.ppid)?.liveThreads() ?? []));
    if (typeof leader === 'number' || tid === st.tgid) return leader;
    this.markDirty(leader.tid);
    return meet(tid, [st.tgid]);
  }

  /**
   * ipc/sem.c: copy_semundo, seen from its result — the real kernel shares one undo list between the
   * tasks cloned with CLONE_SYSVSEM, so a task shares the model list of the first candidate whose real
   * list is the same non-NULL one (kcmp KCMP_SYSVSEM); null when it shares none.
   */
  private sharer(tid: number, candidates: readonly number[]): number | null {
    if (kcmpSysvsem(this.nullListTid, tid) === 0) return null;
    for (const other of candidates) if (other !== tid && kcmpSysvsem(tid, other) === 0) return other;
    return null;
  }

  /** A 'task' entry: the model task of a real thread, watched through `pidfd` (null: reopened later). */
  applyTask(e: Extract<EntryBody, { t: 'task' }>, pidfd: number | null): Task {
    // Real tids: the model's last pid is the highest met (an image says no pid above it was handed out).
    if (e.tid > this.k.lastAllocatedPid) this.k.setLastPid(e.tid);
    const ns = this.namespaceOf(e.ns);
    const cred = credOfImage(e.cred);
    const first = this.k.processes.get(e.tgid)?.firstLiveThread();
    let task: Task;
    if (first) {
      task = this.k.newThread(first, e.tid);
      task.cred = cred;
      task.ns = ns;
    } else task = this.k.newProcess(cred, ns, e.tgid);
    const other = e.share === null ? undefined : this.k.tasks.get(e.share);
    if (other?.alive) {
      const list = getUndoList(other);
      list.refcnt++;
      task.undoList = list;
    }
    if (pidfd !== null) this.epoll.add(pidfd, EPOLLIN, task.tid);
    this.byTid.set(task.tid, { task, pidfd: pidfd ?? -1, ino: e.ino, dirty: false });
    return task;
  }

  applyCred(e: Extract<EntryBody, { t: 'cred' }>): void {
    const te = this.byTid.get(e.tid);
    if (!te) return;
    te.task.cred = credOfImage(e.cred);
    te.task.ns = this.namespaceOf(e.ns);
    te.dirty = false;
  }

  /** A 'share' entry: a thread found holding another's list gets it in the model. */
  applyShare(e: Extract<EntryBody, { t: 'share' }>): void {
    const t = this.k.tasks.get(e.tid);
    const from = this.k.tasks.get(e.from);
    if (!t || !from?.undoList || t.undoList) return;
    t.undoList = from.undoList;
    from.undoList.refcnt++;
  }

  /** After a restart: the model tasks of a snapshot, with the pidfd inodes it saved. */
  adopt(tid: number, ino: number): void {
    const task = this.k.tasks.get(tid);
    if (task?.alive) this.byTid.set(tid, { task, pidfd: -1, ino, dirty: true });
  }

  /**
   * After a restart: every thread's pidfd opened again and watched; the threads whose tid is gone or
   * names another thread now (another pidfd inode) exited while no server ran — their tids.
   */
  reopen(): number[] {
    const gone: number[] = [];
    for (const [tid, e] of this.byTid) {
      e.dirty = true;
      if (e.pidfd >= 0) continue;
      const fd = pidfdOpen(tid, true);
      if (fd >= 0 && inodeOf(fd) === e.ino) {
        e.pidfd = fd;
        this.epoll.add(fd, EPOLLIN, tid);
        continue;
      }
      if (fd >= 0) closeFd(fd);
      gone.push(tid);
    }
    return gone;
  }

  /** Each thread's pidfd inode, for a snapshot. */
  inodes(): [number, number][] {
    return [...this.byTid].map(([tid, e]) => [tid, e.ino]);
  }

  /** What hidden-holders.ts needs to find real holders of an undo list the model has not met. */
  get holders(): HolderLookup {
    return (this.holderLookup ??= {
      known: (tid) => this.byTid.get(tid)?.task,
      nullListTid: this.nullListTid,
      meet: (tid) => {
        const t = this.refresh(tid);
        return typeof t === 'number' ? null : t;
      },
      live: () => [...this.byTid.values()].map((e) => e.task),
      share: (t, from) => this.applyShare(this.record({ t: 'share', tid: t.tid, from: from.tid })),
    });
  }

  private holderLookup: HolderLookup | null = null;
  /**
   * Processes whose clone(CLONE_SYSVSEM) children are still to be met (see meetClonedChildren), with
   * whether the clone has returned since.
   */
  readonly cloners = new Map<number, boolean>();

  /** The thread has exited: stop watching it. Returns its task (still alive in the model). */
  exited(tid: number): Task | undefined {
    const e = this.byTid.get(tid);
    if (!e) return undefined;
    if (e.pidfd >= 0) {
      this.epoll.remove(e.pidfd);
      closeFd(e.pidfd);
    }
    this.byTid.delete(tid);
    return e.task;
  }
}

const liveTids = (tasks: readonly Task[]): number[] => tasks.filter((t) => t.alive).map((t) => t.tid);

/** The inode of a pidfd (pidfs: never reused while the machine runs). */
function inodeOf(fd: number): number {
  return fstatSync(fd).ino;
}

/** The model's namespaces that tasks or a snapshot know. */
function namespacesOf(k: KernelState): IpcNamespace[] {
  const out = new Set<IpcNamespace>([k.initNs]);
  for (const t of k.tasks.values()) out.add(t.ns);
  return [...out];
}

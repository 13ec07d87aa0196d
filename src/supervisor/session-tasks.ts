// Who a real thread is for the model (include/linux/sched.h: task, thread group, undo list, IPC namespace, cred):
// built from /proc and kcmp at its first call, kept until its pidfd says it has exited.
import { ESRCH } from '../abi/index.js';
import { doExit, getUndoList, type IpcNamespace, type KernelState, type Task } from '../kernel/index.js';
import { kcmpSysvsem } from '../host/kcmp.js';
import { closeFd, EPOLLIN, pidfdOpen, type Epoll } from '../host/pidfd.js';
import { readThreadStatus, threadIpcNamespaceInode, type ThreadStatus } from '../host/proc-status.js';
import { credOfStatus } from './thread-cred.js';
import type { HolderLookup } from './hidden-holders.js';

export interface TaskEntry {
  task: Task;
  /** PIDFD_THREAD pidfd, registered in the loop's epoll with the tid as its tag. */
  pidfd: number;
  /** Credentials (or the namespace) may have changed since /proc was read: read it again at the next call. */
  dirty: boolean;
}

export class SessionTasks {
  readonly byTid = new Map<number, TaskEntry>();
  private readonly nsByInode = new Map<number, IpcNamespace>();

  constructor(
    private readonly k: KernelState,
    private readonly epoll: Epoll,
    /** A thread of ours that holds no undo list: kcmp against it tells a real NULL list. */
    private readonly nullListTid: number,
  ) {
    this.nsByInode.set(k.initNs.inum, k.initNs);
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
    const ns = this.namespaceOf(inode);
    const e = this.byTid.get(tid);
    if (e) {
      e.task.cred = credOfStatus(st);
      e.task.ns = ns;
      e.dirty = false;
      return e.task;
    }
    return this.create(tid, st, ns);
  }

  private create(tid: number, st: ThreadStatus, ns: IpcNamespace): Task | number {
    const cred = credOfStatus(st);
    const proc = this.k.processes.get(st.tgid);
    let task: Task;
    if (proc) {
      const first = proc.firstLiveThread()!;
      task = this.k.newThread(first, tid);
      task.cred = cred;
      task.ns = ns;
      this.attachUndo(task, proc.liveThreads());
    } else {
      const leader = this.k.newProcess(cred, ns, st.tgid);
      if (!this.track(leader)) return this.forget(leader, -ESRCH);
      if (tid !== st.tgid) this.markDirty(leader.tid);
      this.attachUndo(leader, this.k.processes.get(st.ppid)?.liveThreads() ?? []);
      if (tid === st.tgid) return leader;
      task = this.k.newThread(leader, tid);
      task.cred = cred;
      this.attachUndo(task, [leader]);
    }
    if (!this.track(task)) return this.forget(task, -ESRCH);
    return task;
  }

  /** Opens the thread's pidfd and watches it; false when the thread is already gone. */
  private track(task: Task): boolean {
    const fd = pidfdOpen(task.tid, true);
    if (fd < 0) return false;
    this.epoll.add(fd, EPOLLIN, task.tid);
    this.byTid.set(task.tid, { task, pidfd: fd, dirty: false });
    return true;
  }

  private forget(task: Task, errno: number): number {
    doExit(this.k, task);
    return errno;
  }

  /**
   * ipc/sem.c: copy_semundo, seen from its result — the real kernel shares one undo list between the
   * tasks cloned with CLONE_SYSVSEM, so a task shares the model list of the first candidate whose real
   * list is the same non-NULL one (kcmp KCMP_SYSVSEM).
   */
  private attachUndo(task: Task, candidates: readonly Task[]): void {
    if (kcmpSysvsem(this.nullListTid, task.tid) === 0) return;
    for (const other of candidates) {
      if (other === task || !other.alive) continue;
      if (kcmpSysvsem(task.tid, other.tid) !== 0) continue;
      const list = getUndoList(other);
      list.refcnt++;
      task.undoList = list;
      return;
    }
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
    });
  }

  private holderLookup: HolderLookup | null = null;
  /**
   * Processes whose clone(CLONE_SYSVSEM) children are still to be met (see meetClonedChildren), with
   * whether the clone has returned since.
   */
  readonly cloners = new Map<number, boolean>();

  /** The thread's pidfd fired: stop watching it. Returns its task (still alive in the model). */
  exited(tid: number): Task | undefined {
    const e = this.byTid.get(tid);
    if (!e) return undefined;
    this.epoll.remove(e.pidfd);
    closeFd(e.pidfd);
    this.byTid.delete(tid);
    return e.task;
  }
}

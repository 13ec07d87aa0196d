// include/linux/sched.h: tasks (threads) and their thread group (process), as semaphores see them.
import type { Cred } from './credentials.js';
import type { IpcNamespace } from './ipc-namespace.js';
import type { UndoList } from './undo-list.js';
import type { Waiter } from './waiter.js';

export type Disposition = 'catch' | 'ignore' | 'default';

/** Exited tasks stay in Process.threads until there are this many and they outnumber the live ones. */
const MIN_RELEASE_BATCH = 16;

/** struct signal_struct + sighand_struct: what a process's threads share. */
export class Process {
  /**
   * The thread group in creation order (signal->thread_head). Exited tasks are released from it in
   * batches, once they outnumber the live ones, so each exit costs O(1) amortised.
   */
  readonly threads: Task[] = [];
  readonly dispositions = new Map<number, Disposition>();
  stopped = false;
  alive = true;
  /** Tasks in `threads` that have exited. */
  private exitedInThreads = 0;

  constructor(readonly tgid: number) {}

  /** The live task whose tid is the tgid (the main thread), if it has not exited. */
  get leader(): Task | undefined {
    return this.threads.find((t) => t.alive && t.tid === this.tgid);
  }

  /** signal->live */
  get liveThreadCount(): number {
    return this.threads.length - this.exitedInThreads;
  }

  /** The live tasks in creation order (a copy: tasks may exit while the caller goes through it). */
  liveThreads(): Task[] {
    return this.threads.filter((t) => t.alive);
  }

  /** The live task created first. */
  firstLiveThread(): Task | undefined {
    return this.threads.find((t) => t.alive);
  }

  /**
   * Marks a live task of this group as exited (kernel/exit.c: do_exit's atomic_dec_and_test of
   * signal->live; release_task's __unhash_process, batched).
   */
  threadExited(task: Task): void {
    if (task.process !== this || !task.alive) return;
    task.alive = false;
    this.exitedInThreads++;
    if (this.exitedInThreads >= MIN_RELEASE_BATCH && this.exitedInThreads > this.liveThreadCount)
      this.releaseExited();
  }

  private releaseExited(): void {
    const threads = this.threads;
    let kept = 0;
    for (const t of threads) if (t.alive) threads[kept++] = t;
    threads.length = kept;
    this.exitedInThreads = 0;
  }
}

export class Task {
  alive = true;
  /** The sleeping semop of this task, if any. */
  waiter: Waiter | null = null;
  /** A result (EINTR) held for a task that was stopped while it slept; delivered at SIGCONT. */
  heldStatus: number | null = null;
  heldWaiter: Waiter | null = null;

  constructor(
    public tid: number,
    readonly process: Process,
    public cred: Cred,
    /** nsproxy->ipc_ns */
    public ns: IpcNamespace,
    /** sysvsem.undo_list */
    public undoList: UndoList | null,
  ) {}

  get tgid(): number {
    return this.process.tgid;
  }
}

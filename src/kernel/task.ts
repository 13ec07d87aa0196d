// include/linux/sched.h: tasks (threads) and their thread group (process), as semaphores see them.
import type { Cred } from './credentials.js';
import type { IpcNamespace } from './ipc-namespace.js';
import type { UndoList } from './undo-list.js';
import type { Waiter } from './waiter.js';

export type Disposition = 'catch' | 'ignore' | 'default';

/** struct signal_struct + sighand_struct: what a process's threads share. */
export class Process {
  readonly threads: Task[] = [];
  readonly dispositions = new Map<number, Disposition>();
  stopped = false;
  alive = true;

  constructor(readonly tgid: number) {}

  get leader(): Task | undefined {
    return this.threads.find((t) => t.tid === this.tgid);
  }

  liveThreads(): Task[] {
    return this.threads.filter((t) => t.alive);
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

// The machine: its tasks and processes, pid allocation, IPC namespaces and the injected clock.
import type { SemLimits } from '../abi/index.js';
import type { Clock } from '../lib/index.js';
import { makeCred } from './credentials.js';
import { IpcNamespace } from './ipc-namespace.js';
import { Process, Task } from './task.js';

/** The inode number Linux gives the initial IPC namespace (PROC_IPC_INIT_INO). */
const PROC_IPC_INIT_INO = 0xeffffffe;

export class KernelState {
  readonly tasks = new Map<number, Task>();
  readonly processes = new Map<number, Process>();
  readonly initNs: IpcNamespace;
  readonly init: Task;
  private lastPid = 0;
  private nextNsInum = 0xf0000000;

  constructor(
    readonly clock: Clock,
    limits?: Partial<SemLimits>,
    /** The number naming the initial IPC namespace (restore keeps the saved one). */
    initInum: number = PROC_IPC_INIT_INO,
  ) {
    this.initNs = new IpcNamespace(initInum, limits);
    this.init = this.newProcess(makeCred(0, 0, []), this.initNs);
  }

  /** CLOCK_REALTIME in seconds, for otime and ctime. */
  now(): number {
    return this.clock.realtimeSeconds();
  }

  // kernel/pid.c: alloc_pid (one pid namespace, pids never reused)
  allocPid(): number {
    return ++this.lastPid;
  }

  /** The last pid handed out. */
  get lastAllocatedPid(): number {
    return this.lastPid;
  }

  /** For restore: the next pid handed out is `last + 1`. */
  setLastPid(last: number): void {
    this.lastPid = last;
  }

  // ipc/namespace.c: create_ipc_ns — empty, with the compiled-in limits (restore names its own)
  newNamespace(inum?: number): IpcNamespace {
    if (inum === undefined) return new IpcNamespace(this.nextNsInum++);
    if (inum >= this.nextNsInum) this.nextNsInum = inum + 1;
    return new IpcNamespace(inum);
  }

  /** A new thread group whose first task is its leader (restore gives the pid). */
  newProcess(cred: Task['cred'], ns: IpcNamespace, pid = this.allocPid()): Task {
    const proc = new Process(pid);
    const task = new Task(pid, proc, cred, ns, null);
    proc.threads.push(task);
    this.processes.set(pid, proc);
    this.tasks.set(pid, task);
    return task;
  }

  /** A new task in an existing thread group (restore gives the tid). */
  newThread(from: Task, tid = this.allocPid()): Task {
    const task = new Task(tid, from.process, from.cred, from.ns, null);
    from.process.threads.push(task);
    this.tasks.set(tid, task);
    return task;
  }
}

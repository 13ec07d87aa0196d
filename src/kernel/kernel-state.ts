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
  ) {
    this.initNs = new IpcNamespace(PROC_IPC_INIT_INO, limits);
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

  // ipc/namespace.c: create_ipc_ns — empty, with the compiled-in limits
  newNamespace(): IpcNamespace {
    return new IpcNamespace(this.nextNsInum++);
  }

  /** A new thread group whose first task is its leader. */
  newProcess(cred: Task['cred'], ns: IpcNamespace): Task {
    const pid = this.allocPid();
    const proc = new Process(pid);
    const task = new Task(pid, proc, cred, ns, null);
    proc.threads.push(task);
    this.processes.set(pid, proc);
    this.tasks.set(pid, task);
    return task;
  }

  /** A new task in an existing thread group. */
  newThread(from: Task): Task {
    const tid = this.allocPid();
    const task = new Task(tid, from.process, from.cred, from.ns, null);
    from.process.threads.push(task);
    this.tasks.set(tid, task);
    return task;
  }
}

// The machine users create: createKernel() gives a fresh host with pid 1 in the initial IPC namespace.
import { ESRCH } from '../abi/index.js';
import { SystemClock, type Clock } from '../lib/index.js';
import { KernelState, makeCred, type Process, type Task as KTask } from '../kernel/index.js';
import { sysKill } from '../syscalls/index.js';
import { check } from './errno-error.js';
import { FdTable } from './file-table.js';
import { Task, capNumbers, type TaskHost } from './task.js';
import type { Credentials, KernelOptions } from './types.js';
import { intArg } from './validate.js';

export class Kernel implements TaskHost {
  readonly state: KernelState;
  readonly clock: Clock;
  private readonly wrappers = new WeakMap<KTask, Task>();
  private readonly fdTables = new WeakMap<Process, FdTable>();

  constructor(opts: KernelOptions = {}) {
    this.clock = opts.clock ?? new SystemClock();
    this.state = new KernelState(this.clock, opts.limits);
  }

  wrap(t: KTask): Task {
    let w = this.wrappers.get(t);
    if (!w) {
      w = new Task(this, t);
      this.wrappers.set(t, w);
    }
    return w;
  }

  fdTable(t: KTask): FdTable {
    let f = this.fdTables.get(t.process);
    if (!f) {
      f = new FdTable(this.state);
      this.fdTables.set(t.process, f);
    }
    return f;
  }

  /** pid 1: root with every capability, in the initial IPC namespace. */
  get init(): Task {
    return this.wrap(this.state.init);
  }

  /** A new process with the given credentials (default root), in the initial IPC namespace or a new one. */
  spawn(cred: Credentials & { newipc?: boolean } = {}): Task {
    const uid = intArg('uid', cred.uid ?? 0, 0, 0xfffffffe);
    const gid = intArg('gid', cred.gid ?? uid, 0, 0xfffffffe);
    const groups = (cred.groups ?? []).map((g, i) => intArg(`groups[${i}]`, g, 0, 0xfffffffe));
    const kcred = makeCred(uid, gid, groups, capNumbers(cred.caps));
    const ns = cred.newipc ? this.state.newNamespace() : this.state.initNs;
    const t = this.state.newProcess(kcred, ns);
    const task = this.wrap(t);
    if (cred.euid !== undefined || cred.egid !== undefined)
      task.setcred({ euid: cred.euid, egid: cred.egid });
    return task;
  }

  /** The live task with this thread id (a process's pid names its main task), or undefined. */
  task(pid: number): Task | undefined {
    const t = this.state.tasks.get(pid);
    return t ? this.wrap(t) : undefined;
  }

  /** Every live task, in order of thread id. */
  tasks(): Task[] {
    return [...this.state.tasks.values()].sort((a, b) => a.tid - b.tid).map((t) => this.wrap(t));
  }

  /** kill(pid, sig) from outside the machine. */
  kill(pid: number, sig: number): void {
    if (!this.state.processes.has(pid)) check(-ESRCH, 'kill');
    check(sysKill(this.state, null, pid, sig), 'kill');
  }
}

export function createKernel(opts: KernelOptions = {}): Kernel {
  return new Kernel(opts);
}

// The machine users create: createKernel() gives a fresh host with pid 1 in the initial IPC namespace.
import { ESRCH } from '../abi/index.js';
import { SystemClock, type Clock } from '../lib/index.js';
import { ALL_CAPS, KernelState, makeCred, type Process, type Task as KTask } from '../kernel/index.js';
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

  /** For a restored machine: each saved thread id and the id its thread has here (the same in exact mode). */
  readonly restoredTids: ReadonlyMap<number, number>;

  /**
   * For a restored machine: the saved thread ids whose sleeping call or held result the restore could
   * not carry (syscalls mode; see the loss table in docs/image-format.md). Empty in exact mode.
   */
  readonly lostCalls: ReadonlySet<number>;

  /** A fresh machine, or (restore) one around an existing state whose sleeping calls get their promises. */
  constructor(
    opts: KernelOptions = {},
    state?: KernelState,
    restoredTids?: ReadonlyMap<number, number>,
    lostCalls?: ReadonlySet<number>,
  ) {
    this.restoredTids = restoredTids ?? new Map();
    this.lostCalls = lostCalls ?? new Set();
    this.clock = state?.clock ?? opts.clock ?? new SystemClock();
    this.state = state ?? new KernelState(this.clock, opts.limits);
    if (state) for (const t of state.tasks.values()) this.wrap(t).adoptRestoredCall();
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
    const euid = intArg('euid', cred.euid ?? uid, 0, 0xfffffffe);
    const egid = intArg('egid', cred.egid ?? gid, 0, 0xfffffffe);
    const base = makeCred(uid, gid, groups, capNumbers(cred.caps) ?? (euid === 0 ? ALL_CAPS : []));
    // As a process started by a set-user-id program: the saved and fs ids follow the effective ones.
    const kcred = { ...base, euid, egid, suid: euid, sgid: egid, fsuid: euid, fsgid: egid };
    const ns = cred.newipc ? this.state.newNamespace() : this.state.initNs;
    return this.wrap(this.state.newProcess(kcred, ns));
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

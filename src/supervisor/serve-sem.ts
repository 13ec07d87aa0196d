// ipc/sem.c and ipc/syscall.c: semget, semop, semtimedop and semctl of a real thread, served by the model —
// arguments read from its registers and memory in the order the kernel copies them, results written back.
import {
  E2BIG,
  EFAULT,
  EINVAL,
  ENOMEM,
  GETALL,
  IPC_INFO,
  IPC_RMID,
  IPC_SET,
  IPC_STAT,
  SEMBUF_SIZE,
  SEM_INFO,
  SEM_STAT,
  SEM_STAT_ANY,
  SETALL,
  SETVAL,
  type Sembuf,
  type SemidDsSet,
} from '../abi/index.js';
import { lookupChecked, type KernelState, type Task, type Waiter } from '../kernel/index.js';
import { sysSemctl, sysSemget, sysSemtimedop, type SemStat, type SeminfoResult } from '../syscalls/index.js';
import { nidOf, type EntryBody } from './state-entries.js';
import { SEMID64_DS_SIZE, decodeSemidDsSet, encodeSemidDs, encodeSeminfo } from '../host/semctl-structs.js';
import { argInt, argIsNull, argPtr, argUint, type Notification } from '../host/seccomp-listener.js';
import type { TraceeMemory } from '../host/tracee-memory.js';

/** What a served call comes to: a return value or -errno now, or a waiter that sleeps. */
export type Served = number | { sleeps: Waiter };

type SemopEntry = Extract<EntryBody, { t: 'semop' }>;
type SemctlEntry = Extract<EntryBody, { t: 'semctl' }>;
type SemgetEntry = Extract<EntryBody, { t: 'semget' }>;

const INT_MAX = 0x7fffffff;

/**
 * A failed copy answers the call with -EFAULT for an unreadable address, or with the copy's own error
 * (EPERM, ESRCH) when the process's memory cannot be reached at all: an error, never a wrong result.
 */
export class SemServer {
  constructor(
    private readonly k: KernelState,
    private readonly mem: TraceeMemory,
  ) {}

  // ipc/sem.c: ksys_semget — every semget is recorded (it may make a set)
  semget(task: Task, n: Notification): SemgetEntry {
    return {
      t: 'semget',
      tid: task.tid,
      id: nidOf(n),
      key: argInt(n, 0),
      nsems: argInt(n, 1),
      flg: argInt(n, 2),
    };
  }

  applySemget(task: Task, e: SemgetEntry): number {
    return sysSemget(this.k, task, e.key, e.nsems, e.flg);
  }

  // ipc/sem.c: ksys_semtimedop / do_semtimedop — timeout copied first, then nsops checked, then the sops
  // The arguments are checked and copied here; an error found now is the answer, and nothing changes.
  semtimedop(task: Task, n: Notification, timed: boolean): number | SemopEntry {
    const semid = argInt(n, 0);
    const nsops = argUint(n, 2);
    let timeout: [string, string] | null = null;
    if (timed && !argIsNull(n, 3)) {
      const ts = this.mem.read(n.tid, argPtr(n, 3), 16);
      if (typeof ts === 'number') return ts;
      timeout = [ts.readBigInt64LE(0).toString(), ts.readBigInt64LE(8).toString()];
    }
    if (nsops > task.ns.limits.semopm >>> 0) return -E2BIG;
    if (nsops < 1) return -EINVAL;
    if (nsops * SEMBUF_SIZE > INT_MAX) return -ENOMEM;
    const raw = this.mem.read(n.tid, argPtr(n, 1), nsops * SEMBUF_SIZE);
    if (typeof raw === 'number') return raw;
    const sops: [number, number, number][] = new Array(nsops);
    for (let i = 0; i < nsops; i++) {
      const o = i * SEMBUF_SIZE;
      sops[i] = [raw.readUInt16LE(o), raw.readInt16LE(o + 2), raw.readInt16LE(o + 4)];
    }
    return { t: 'semop', tid: task.tid, id: nidOf(n), semid, sops, timeout, intr: false };
  }

  applySemop(task: Task, e: SemopEntry): Served {
    const sops: Sembuf[] = e.sops.map(([sem_num, sem_op, sem_flg]) => ({ sem_num, sem_op, sem_flg }));
    const timeout = e.timeout ? { tv_sec: BigInt(e.timeout[0]), tv_nsec: BigInt(e.timeout[1]) } : null;
    const r = sysSemtimedop(this.k, task, e.semid, sops, { timeout });
    return typeof r === 'number' ? r : { sleeps: r };
  }

  // ipc/sem.c: ksys_semctl — the argument is a value or a pointer, by command
  // A command that may change something (SETVAL, SETALL, IPC_SET, IPC_RMID) comes back as an entry to
  // record and apply; any other is answered here.
  semctl(task: Task, n: Notification): number | SemctlEntry {
    const semid = argInt(n, 0);
    const semnum = argInt(n, 1);
    const cmd = argInt(n, 2);
    const arg = argPtr(n, 3);
    if (semid < 0) return -EINVAL;
    const entry = (a: SemctlEntry['arg']): SemctlEntry => ({
      t: 'semctl',
      tid: task.tid,
      id: nidOf(n),
      semid,
      semnum,
      cmd,
      arg: a,
    });
    switch (cmd) {
      case SETVAL:
        return entry(argInt(n, 3));
      case SETALL:
        return entry(this.readValues(task, n.tid, semid, arg) ?? null);
      case IPC_SET: {
        const raw = this.mem.read(n.tid, arg, SEMID64_DS_SIZE);
        if (typeof raw === 'number' && raw !== -EFAULT) return raw;
        return entry(typeof raw === 'number' ? null : decodeSemidDsSet(raw));
      }
      case IPC_RMID:
        return entry(null);
    }
    const v = sysSemctl(this.k, task, semid, semnum, cmd);
    if (typeof v === 'number') return v;
    switch (cmd) {
      case IPC_INFO:
      case SEM_INFO: {
        const info = v as SeminfoResult;
        return this.copyOut(n.tid, arg, encodeSeminfo(info.info), info.ret);
      }
      case IPC_STAT:
      case SEM_STAT:
      case SEM_STAT_ANY: {
        const st = v as SemStat;
        return this.copyOut(n.tid, arg, encodeSemidDs(st), cmd === IPC_STAT ? 0 : st.id);
      }
      case GETALL: {
        const vals = v as number[];
        const buf = Buffer.alloc(vals.length * 2);
        vals.forEach((x, i) => buf.writeUInt16LE(x, i * 2));
        return this.copyOut(n.tid, arg, buf, 0);
      }
    }
    return -EINVAL;
  }

  applySemctl(task: Task, e: SemctlEntry): number {
    const arg: SemidDsSet | number | number[] | undefined = e.arg ?? undefined;
    return sysSemctl(this.k, task, e.semid, e.semnum, e.cmd, arg) as number;
  }

  /** SETALL's array, nsems unsigned shorts; undefined when it cannot be read (the model then says EFAULT in its place). */
  private readValues(task: Task, tid: number, semid: number, addr: number): number[] | undefined {
    const set = lookupChecked(task.ns, semid);
    if (!set) return undefined;
    const raw = this.mem.read(tid, addr, set.nsems * 2);
    if (typeof raw === 'number') return undefined;
    const out = new Array<number>(set.nsems);
    for (let i = 0; i < set.nsems; i++) out[i] = raw.readUInt16LE(i * 2);
    return out;
  }

  private copyOut(tid: number, addr: number, data: Buffer, ret: number): number {
    const w = this.mem.write(tid, addr, data);
    return w < 0 ? w : ret;
  }
}

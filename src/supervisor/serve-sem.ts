// ipc/sem.c and ipc/syscall.c: semget, semop, semtimedop and semctl of a real thread, served by the model —
// arguments read from its registers and memory in the order the kernel copies them, results written back.
import {
  E2BIG,
  EFAULT,
  EINVAL,
  ENOMEM,
  GETALL,
  IPC_INFO,
  IPC_SET,
  IPC_STAT,
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
import { SEMID64_DS_SIZE, decodeSemidDsSet, encodeSemidDs, encodeSeminfo } from '../host/semctl-structs.js';
import { argInt, argIsNull, argPtr, argUint, type Notification } from '../host/seccomp-listener.js';
import type { TraceeMemory } from '../host/tracee-memory.js';

/** What a served call comes to: a return value or -errno now, or a waiter that sleeps. */
export type Served = number | { sleeps: Waiter };

const INT_MAX = 0x7fffffff;
const SEMBUF_SIZE = 6;

/**
 * A failed copy answers the call with -EFAULT for an unreadable address, or with the copy's own error
 * (EPERM, ESRCH) when the process's memory cannot be reached at all: an error, never a wrong result.
 */
export class SemServer {
  constructor(
    private readonly k: KernelState,
    private readonly mem: TraceeMemory,
  ) {}

  // ipc/sem.c: ksys_semget
  semget(task: Task, n: Notification): Served {
    return sysSemget(this.k, task, argInt(n, 0), argInt(n, 1), argInt(n, 2));
  }

  // ipc/sem.c: ksys_semtimedop / do_semtimedop — timeout copied first, then nsops checked, then the sops
  semtimedop(task: Task, n: Notification, timed: boolean): Served {
    const semid = argInt(n, 0);
    const nsops = argUint(n, 2);
    let timeout: { tv_sec: bigint; tv_nsec: bigint } | null = null;
    if (timed && !argIsNull(n, 3)) {
      const ts = this.mem.read(n.tid, argPtr(n, 3), 16);
      if (typeof ts === 'number') return ts;
      timeout = { tv_sec: ts.readBigInt64LE(0), tv_nsec: ts.readBigInt64LE(8) };
    }
    if (nsops > task.ns.limits.semopm >>> 0) return -E2BIG;
    if (nsops < 1) return -EINVAL;
    if (nsops * SEMBUF_SIZE > INT_MAX) return -ENOMEM;
    const raw = this.mem.read(n.tid, argPtr(n, 1), nsops * SEMBUF_SIZE);
    if (typeof raw === 'number') return raw;
    const sops: Sembuf[] = new Array(nsops);
    for (let i = 0; i < nsops; i++) {
      const o = i * SEMBUF_SIZE;
      sops[i] = {
        sem_num: raw.readUInt16LE(o),
        sem_op: raw.readInt16LE(o + 2),
        sem_flg: raw.readInt16LE(o + 4),
      };
    }
    const r = sysSemtimedop(this.k, task, semid, sops, { timeout });
    return typeof r === 'number' ? r : { sleeps: r };
  }

  // ipc/sem.c: ksys_semctl — the argument is a value or a pointer, by command
  semctl(task: Task, n: Notification): Served {
    const semid = argInt(n, 0);
    const semnum = argInt(n, 1);
    const cmd = argInt(n, 2);
    const arg = argPtr(n, 3);
    if (semid < 0) return -EINVAL;
    switch (cmd) {
      case SETVAL:
        return sysSemctl(this.k, task, semid, semnum, cmd, argInt(n, 3)) as number;
      case SETALL:
        return sysSemctl(
          this.k,
          task,
          semid,
          semnum,
          cmd,
          this.readValues(task, n.tid, semid, arg),
        ) as number;
      case IPC_SET: {
        const raw = this.mem.read(n.tid, arg, SEMID64_DS_SIZE);
        if (typeof raw === 'number' && raw !== -EFAULT) return raw;
        const perm: SemidDsSet | undefined = typeof raw === 'number' ? undefined : decodeSemidDsSet(raw);
        return sysSemctl(this.k, task, semid, semnum, cmd, perm) as number;
      }
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

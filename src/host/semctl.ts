// ipc/sem.c: ksys_semctl on the real kernel, through the raw system call so that every command number
// reaches the kernel unchanged; each command gets the argument the kernel reads for it.
import {
  GETALL,
  IPC_INFO,
  IPC_SET,
  IPC_STAT,
  SEM_INFO,
  SEM_STAT,
  SEM_STAT_ANY,
  SETALL,
  SETVAL,
  type SemidDs,
  type SemidDsSet,
  type Seminfo,
} from '../abi/index.js';
import { libc, sysret } from './libc.js';
import {
  SEMID64_DS_SIZE,
  SEMINFO_SIZE,
  decodeSemidDs,
  decodeSeminfo,
  encodeSemidDsSet,
} from './semctl-structs.js';
import { SYS_semctl } from './syscall-numbers.js';

const semctlPtr = libc.func('long syscall(long nr, int semid, int semnum, int cmd, void *arg)');
const semctlVal = libc.func('long syscall(long nr, int semid, int semnum, int cmd, long arg)');

/** What semctl's fourth argument carries: a value (SETVAL), values (SETALL) or {uid, gid, mode} (IPC_SET). */
export type HostSemctlArg = number | readonly number[] | SemidDsSet | null | undefined;

/** ret is the system call's result (negative: -errno); value is what the command wrote back, if anything. */
export interface HostSemctlResult {
  ret: number;
  value?: SemidDs | Seminfo | number[];
}

/** The largest array GETALL/SETALL can exchange when the set's size cannot be read first. */
const MAX_SEMS = 65536;

export function semctl(semid: number, semnum: number, cmd: number, arg?: HostSemctlArg): HostSemctlResult {
  const call = (p: Buffer | null) => sysret(semctlPtr(SYS_semctl, semid | 0, semnum | 0, cmd | 0, p));
  switch (cmd) {
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY: {
      const buf = Buffer.alloc(SEMID64_DS_SIZE);
      const ret = call(buf);
      return ret < 0 ? { ret } : { ret, value: decodeSemidDs(buf) };
    }
    case IPC_INFO:
    case SEM_INFO: {
      const buf = Buffer.alloc(SEMINFO_SIZE);
      const ret = call(buf);
      return ret < 0 ? { ret } : { ret, value: decodeSeminfo(buf) };
    }
    case IPC_SET:
      return { ret: call(isSemidDsSet(arg) ? encodeSemidDsSet(arg) : null) };
    case GETALL: {
      const nsems = setSize(semid);
      const buf = Buffer.alloc(2 * Math.max(1, nsems ?? MAX_SEMS));
      const ret = call(buf);
      if (ret < 0) return { ret };
      const n = nsems ?? 0;
      return { ret, value: Array.from({ length: n }, (_, i) => buf.readUInt16LE(2 * i)) };
    }
    case SETALL: {
      if (!Array.isArray(arg)) return { ret: call(null) };
      const values = arg as readonly number[];
      const buf = Buffer.alloc(2 * Math.max(values.length, setSize(semid) ?? MAX_SEMS, 1));
      values.forEach((v, i) => buf.writeUInt16LE(v & 0xffff, 2 * i));
      return { ret: call(buf) };
    }
    case SETVAL:
      return {
        ret: sysret(
          semctlVal(SYS_semctl, semid | 0, semnum | 0, cmd | 0, typeof arg === 'number' ? arg | 0 : 0),
        ),
      };
    default:
      return { ret: sysret(semctlVal(SYS_semctl, semid | 0, semnum | 0, cmd | 0, 0)) };
  }
}

/** The number of semaphores of a set, read with IPC_STAT (which changes nothing), or null if refused. */
function setSize(semid: number): number | null {
  const buf = Buffer.alloc(SEMID64_DS_SIZE);
  const ret = sysret(semctlPtr(SYS_semctl, semid | 0, 0, IPC_STAT, buf));
  return ret < 0 ? null : decodeSemidDs(buf).sem_nsems;
}

function isSemidDsSet(v: HostSemctlArg): v is SemidDsSet {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

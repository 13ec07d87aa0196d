// ipc/sem.c: ksys_semctl — the command dispatch, with its semid and cmd checks first.
import {
  EINVAL,
  GETALL,
  GETNCNT,
  GETPID,
  GETVAL,
  GETZCNT,
  IPC_INFO,
  IPC_RMID,
  IPC_SET,
  IPC_STAT,
  SEM_INFO,
  SEM_STAT,
  SEM_STAT_ANY,
  SETALL,
  SETVAL,
  type SemidDsSet,
} from '../abi/index.js';
import type { KernelState, Task } from '../kernel/index.js';
import { semctlDown } from './semctl-down.js';
import { semctlInfo, type SeminfoResult } from './semctl-info.js';
import { semctlMain } from './semctl-main.js';
import { semctlSetval } from './semctl-setval.js';
import { semctlStat, type SemStat } from './semctl-stat.js';

export type SemctlValue = number | number[] | SemStat | SeminfoResult;
export type SemctlArgument = number | readonly number[] | SemidDsSet | undefined;

/** Returns the command's value, or a negative errno (a plain negative number). */
export function sysSemctl(
  k: KernelState,
  task: Task,
  semid: number,
  semnum: number,
  cmd: number,
  arg?: SemctlArgument,
): SemctlValue {
  if (semid < 0) return -EINVAL;
  switch (cmd) {
    case IPC_INFO:
    case SEM_INFO:
      return semctlInfo(task.ns, cmd);
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY:
      return semctlStat(task, semid, cmd);
    case GETALL:
    case GETVAL:
    case GETPID:
    case GETNCNT:
    case GETZCNT:
    case SETALL:
      return semctlMain(k, task, semid, semnum, cmd, Array.isArray(arg) ? arg : undefined);
    case SETVAL:
      return semctlSetval(k, task, semid, semnum, typeof arg === 'number' ? arg | 0 : 0);
    case IPC_SET:
    case IPC_RMID:
      return semctlDown(
        k,
        task,
        semid,
        cmd,
        typeof arg === 'object' && !Array.isArray(arg) ? (arg as SemidDsSet) : undefined,
      );
  }
  return -EINVAL;
}

/** True when a semctl value is an error. */
export function isSysError(v: unknown): v is number {
  return typeof v === 'number' && v < 0;
}

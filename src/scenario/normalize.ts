// A backend's raw outcome -> the comparable Result: labels for pids, 0/"nonzero" for times, and the
// structures of the format.
import {
  GETALL,
  GETPID,
  IPC_INFO,
  IPC_STAT,
  SEM_INFO,
  SEM_STAT,
  SEM_STAT_ANY,
  type SemidDs,
} from '../abi/index.js';
import type { Call, Outcome } from './backend.js';
import type { Result, Time } from './results.js';

/** The label of the process whose pid this is, if it belongs to a task of the scenario. */
export type LabelOf = (pid: number) => string | undefined;

export const time = (t: number): Time => (t === 0 ? 0 : 'nonzero');

function stat(v: SemidDs) {
  const p = v.sem_perm;
  return {
    sem_perm: { uid: p.uid, gid: p.gid, cuid: p.cuid, cgid: p.cgid, mode: p.mode, key: p.key },
    sem_nsems: v.sem_nsems,
    sem_otime: time(v.sem_otime),
    sem_ctime: time(v.sem_ctime),
  };
}

/**
 * /proc/sysvipc/sem with its last two columns (otime, ctime) as 0 or "nonzero", each keeping the
 * width it had, right-aligned.
 */
export function normalizeSysvipcSem(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const m = /^(.*\S)( +)(\d+)( +)(\d+)$/.exec(line);
      if (!m) return line;
      const field = (spaces: string, digits: string) =>
        String(time(Number(digits))).padStart(spaces.length - 1 + digits.length);
      return `${m[1]} ${field(m[2]!, m[3]!)} ${field(m[4]!, m[5]!)}`;
    })
    .join('\n');
}

export function normalize(call: Call, o: Outcome, labelOf: LabelOf): Result {
  if ('errno' in o || 'blocked' in o) return o;
  switch (call.op) {
    case 'spawn':
    case 'fork':
    case 'thread':
      return { ret: call.task };
    case 'semctl':
      switch (call.cmd) {
        case GETPID:
          return { ret: labelOf(o.ret) ?? o.ret };
        case IPC_STAT:
        case SEM_STAT:
        case SEM_STAT_ANY:
          return { ret: o.ret, value: stat(o.value as SemidDs) };
        case IPC_INFO:
        case SEM_INFO:
          return { ret: o.ret, value: { ret: o.ret, info: o.value } };
        case GETALL:
          return { ret: o.ret, value: o.value };
        default:
          return { ret: o.ret };
      }
    case 'read':
      return {
        ret: o.ret,
        value: call.path === '/proc/sysvipc/sem' ? normalizeSysvipcSem(String(o.value)) : o.value,
      };
    default:
      return { ret: o.ret };
  }
}

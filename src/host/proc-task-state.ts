// fs/proc/array.c and fs/proc/base.c on the real kernel: what /proc shows of a thread's state, its
// current system call, its pending signals and its credentials.
import { readFileSync, readdirSync } from 'node:fs';
import { SYS_semop, SYS_semtimedop } from './syscall-numbers.js';

function read(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
}

/** The one-letter state of /proc/<pid>/task/<tid>/stat (R, S, D, T, t, Z, X, ...), or null if gone. */
export function threadState(pid: number, tid: number): string | null {
  const stat = read(`/proc/${pid}/task/${tid}/stat`);
  if (stat === null) return null;
  const close = stat.lastIndexOf(')');
  return close < 0 ? null : stat.charAt(close + 2) || null;
}

/** The number of the system call the thread is in (/proc/<pid>/task/<tid>/syscall), or null when running or gone. */
export function threadSyscall(pid: number, tid: number): number | null {
  const s = read(`/proc/${pid}/task/${tid}/syscall`);
  if (s === null || s.startsWith('running')) return null;
  const n = Number.parseInt(s, 10);
  return Number.isNaN(n) || n < 0 ? null : n;
}

/** True while the thread sleeps inside semop or semtimedop. */
export function sleepsInSemop(pid: number, tid: number): boolean {
  if (threadState(pid, tid) !== 'S') return false;
  const nr = threadSyscall(pid, tid);
  // The state is read again: the thread may have been woken between the two reads.
  return (nr === SYS_semop || nr === SYS_semtimedop) && threadState(pid, tid) === 'S';
}

/** Thread ids of a process, or [] when it is gone. */
export function threadIds(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return [];
  }
}

function statusField(status: string, name: string): string | null {
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status);
  return m ? m[1]! : null;
}

/** Signals pending for the process (ShdPnd) or for the thread (SigPnd), as masks; null if gone. */
export function pendingSignals(pid: number, tid: number): { shared: bigint; thread: bigint } | null {
  const st = read(`/proc/${pid}/task/${tid}/status`);
  if (st === null) return null;
  const hex = (name: string) => BigInt(`0x${statusField(st, name) ?? '0'}`);
  return { shared: hex('ShdPnd'), thread: hex('SigPnd') };
}

/** A thread's credentials as /proc/<pid>/task/<tid>/status shows them. */
export interface ProcCred {
  uids: [number, number, number];
  gids: [number, number, number];
  groups: number[];
  capEff: bigint;
  capPrm: bigint;
  capInh: bigint;
}

export function threadCred(pid: number, tid: number): ProcCred | null {
  const st = read(`/proc/${pid}/task/${tid}/status`);
  if (st === null) return null;
  const ids = (name: string) => (statusField(st, name) ?? '').trim().split(/\s+/).map(Number);
  const [ru, eu, su] = ids('Uid');
  const [rg, eg, sg] = ids('Gid');
  const groups = (statusField(st, 'Groups') ?? '').trim();
  const cap = (name: string) => BigInt(`0x${statusField(st, name) ?? '0'}`);
  return {
    uids: [ru!, eu!, su!],
    gids: [rg!, eg!, sg!],
    groups: groups === '' ? [] : groups.split(/\s+/).map(Number),
    capEff: cap('CapEff'),
    capPrm: cap('CapPrm'),
    capInh: cap('CapInh'),
  };
}

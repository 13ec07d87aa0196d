// fs/proc/array.c (do_task_stat) and fs/proc/base.c (proc_pid_cmdline_read): what tells one real process
// from another that later gets its pid — its parent, name, command line and start time.
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  ppid: number;
  comm: string;
  cmdline: string[];
  /** Field 22 of /proc/<pid>/stat: clock ticks after boot, in decimal. */
  startTime: string;
}

/** The identity of a live process, or null once it is gone (or was never there). */
export function processIdentity(pid: number): ProcessIdentity | null {
  let stat: string;
  let cmdline: Buffer;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    cmdline = readFileSync(`/proc/${pid}/cmdline`);
  } catch {
    return null;
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so it ends at the last ')'.
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = stat.slice(close + 2).split(' ');
  const args = cmdline.length === 0 ? [] : cmdline.toString('utf8').replace(/\0$/, '').split('\0');
  return {
    comm: stat.slice(open + 1, close),
    ppid: Number(rest[1]),
    cmdline: args,
    startTime: rest[19]!,
  };
}

// ipc/sem.c: sysvipc_sem_proc_show, ipc/util.c: sysvipc_proc_start — /proc/sysvipc/sem.
import type { IpcNamespace, SemArray } from '../kernel/index.js';

export const SYSVIPC_SEM_HEADER =
  '       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n';

function pad(s: string | number, width: number): string {
  return String(s).padStart(width);
}

/** One row: "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu %10llu\n". */
export function sysvipcSemRow(set: SemArray): string {
  return (
    `${pad(set.key | 0, 10)} ${pad(set.id, 10)}  ${pad(set.mode.toString(8), 4)} ${pad(set.nsems, 10)} ` +
    `${pad(set.uid, 5)} ${pad(set.gid, 5)} ${pad(set.cuid, 5)} ${pad(set.cgid, 5)} ` +
    `${pad(set.otime(), 10)} ${pad(set.ctime, 10)}\n`
  );
}

export function renderSysvipcSem(ns: IpcNamespace): string {
  let out = SYSVIPC_SEM_HEADER;
  for (const set of ns.sets()) out += sysvipcSemRow(set);
  return out;
}

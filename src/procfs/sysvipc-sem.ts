// ipc/sem.c: sysvipc_sem_proc_show, ipc/util.c: sysvipc_proc_start/next — /proc/sysvipc/sem.
import type { IpcNamespace, SemArray } from '../kernel/index.js';
import type { SeqOperations } from './seq-file.js';

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

const HEADER = 'header' as const;
type Row = SemArray | typeof HEADER;

// ipc/util.c: sysvipc_find_ipc — the first set at index >= pos - 1; pos becomes its index + 1
function findFrom(ns: IpcNamespace, pos: { value: number }): SemArray | null {
  for (let idx = pos.value - 1; idx <= ns.maxIdx; idx++) {
    const set = ns.slots[idx];
    if (set) {
      pos.value = idx + 1;
      return set;
    }
  }
  pos.value = ns.maxIdx + 2;
  return null;
}

/** Records: the header at position 0, then each set at position index + 1. */
export function sysvipcSemOps(ns: IpcNamespace): SeqOperations<Row> {
  return {
    start: (pos) => (pos.value === 0 ? HEADER : findFrom(ns, pos)),
    next: (_r, pos) => {
      pos.value++;
      return findFrom(ns, pos);
    },
    show: (r) => (r === HEADER ? SYSVIPC_SEM_HEADER : sysvipcSemRow(r)),
  };
}

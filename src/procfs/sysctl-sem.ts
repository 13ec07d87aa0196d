// ipc/ipc_sysctl.c: proc_ipc_sem_dointvec and the sem_next_id handler — /proc/sys/kernel/sem{,_next_id}.
import { ERANGE, IPCMNI } from '../abi/index.js';
import type { IpcNamespace } from '../kernel/index.js';
import { parseIntVector } from './proc-int-vector.js';

export function readSysctlSem(ns: IpcNamespace): string {
  const l = ns.limits;
  return `${l.semmsl}\t${l.semmns}\t${l.semopm}\t${l.semmni}\n`;
}

/** Returns bytes consumed or a negative errno; values before a bad token stay written (as Linux does). */
export function writeSysctlSem(ns: IpcNamespace, data: string): number {
  if (data.length === 0) return 0;
  const oldSemmni = ns.limits.semmni;
  const { values, err, consumed } = parseIntVector(data, 4, () => true);
  const keys = ['semmsl', 'semmns', 'semopm', 'semmni'] as const;
  values.forEach((v, i) => (ns.limits[keys[i]!] = v));
  if (err) return err;
  // ipc/ipc_sysctl.c: sem_check_semmni — on failure SEMMNI alone is restored
  if (ns.limits.semmni < 0 || ns.limits.semmni > IPCMNI) {
    ns.limits.semmni = oldSemmni;
    return -ERANGE;
  }
  return consumed;
}

export function readSemNextId(ns: IpcNamespace): string {
  return `${ns.nextId}\n`;
}

export function writeSemNextId(ns: IpcNamespace, data: string): number {
  if (data.length === 0) return 0;
  const { values, err, consumed } = parseIntVector(data, 1, (v) => v >= 0);
  if (err) return err;
  ns.nextId = values[0]!;
  return consumed;
}

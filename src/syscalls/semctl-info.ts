// ipc/sem.c: semctl_info — IPC_INFO and SEM_INFO.
import { SEMAEM, SEMMAP, SEMMNU, SEMUME, SEMUSZ, SEMVMX, SEM_INFO, type Seminfo } from '../abi/index.js';
import { ipcGetMaxIdx, type IpcNamespace } from '../kernel/index.js';

export interface SeminfoResult {
  ret: number;
  info: Seminfo;
}

export function semctlInfo(ns: IpcNamespace, cmd: number): SeminfoResult {
  const semInfo = cmd === SEM_INFO;
  const info: Seminfo = {
    semmap: SEMMAP,
    semmni: ns.limits.semmni,
    semmns: ns.limits.semmns,
    semmnu: SEMMNU,
    semmsl: ns.limits.semmsl,
    semopm: ns.limits.semopm,
    semume: SEMUME,
    semusz: semInfo ? ns.inUse : SEMUSZ,
    semvmx: SEMVMX,
    semaem: semInfo ? ns.usedSems : SEMAEM,
  };
  const maxIdx = ipcGetMaxIdx(ns);
  return { ret: maxIdx < 0 ? 0 : maxIdx, info };
}

// ipc/util.c: index and id allocation, lookup and removal of IPC objects in a namespace.
import { IPCMNI, IPCMNI_IDX_MASK, IPCMNI_SEQ_MAX, IPCMNI_SHIFT, IPC_MIN_CYCLE } from '../abi/index.js';
import type { IpcNamespace } from './ipc-namespace.js';
import type { SemArray } from './sem-array.js';

function lowestFree(ns: IpcNamespace, from: number, end: number): number {
  for (let i = from; i < end; i++) if (ns.slots[i] === undefined) return i;
  return -1;
}

// ipc/util.c: ipc_idr_alloc — picks the index and sequence number, composes the id
function idrAlloc(ns: IpcNamespace, set: SemArray): number {
  const nextId = ns.nextId;
  ns.nextId = -1;
  let idx: number;
  if (nextId < 0) {
    const end = Math.min(Math.max(Math.floor((ns.inUse * 3) / 2), IPC_MIN_CYCLE), IPCMNI);
    const cursor = ns.nextCursor < end ? ns.nextCursor : end;
    idx = lowestFree(ns, cursor, end);
    if (idx < 0 && cursor > 0) idx = lowestFree(ns, 0, end);
    if (idx < 0) return -1;
    ns.nextCursor = idx + 1;
    if (idx <= ns.lastIdx) {
      ns.seq++;
      if (ns.seq >= IPCMNI_SEQ_MAX) ns.seq = 0;
    }
    ns.lastIdx = idx;
    set.seq = ns.seq;
  } else {
    set.seq = nextId >>> IPCMNI_SHIFT;
    idx = lowestFree(ns, nextId & IPCMNI_IDX_MASK, IPCMNI);
    if (idx < 0) return -1;
  }
  set.id = set.seq * IPCMNI + idx;
  return idx;
}

// ipc/util.c: ipc_addid — false when the namespace is full (ENOSPC)
export function ipcAddId(ns: IpcNamespace, set: SemArray, limit: number): boolean {
  if (limit > IPCMNI) limit = IPCMNI;
  if (ns.inUse >= limit) return false;
  const idx = idrAlloc(ns, set);
  if (idx < 0) return false;
  ns.slots[idx] = set;
  if (set.key !== 0) ns.keys.set(set.key, set);
  ns.inUse++;
  if (idx > ns.maxIdx) ns.maxIdx = idx;
  return true;
}

// ipc/util.c: ipc_obtain_object_check — the set with this exact id (index and sequence)
export function lookupChecked(ns: IpcNamespace, id: number): SemArray | undefined {
  const set = ns.slots[id & IPCMNI_IDX_MASK];
  if (set === undefined || set.id !== id) return undefined;
  return set;
}

// ipc/util.c: ipc_obtain_object_idr — the set at the id's index, whatever its sequence
export function lookupByIndex(ns: IpcNamespace, id: number): SemArray | undefined {
  return ns.slots[id & IPCMNI_IDX_MASK];
}

// ipc/util.c: ipc_rmid
export function ipcRmid(ns: IpcNamespace, set: SemArray): void {
  const idx = set.idx;
  ns.slots[idx] = undefined;
  if (set.key !== 0 && ns.keys.get(set.key) === set) ns.keys.delete(set.key);
  ns.inUse--;
  set.deleted = true;
  if (idx === ns.maxIdx) {
    let i = idx - 1;
    while (i >= 0 && ns.slots[i] === undefined) i--;
    ns.maxIdx = i;
    ns.slots.length = i + 1;
  }
}

// ipc/util.c: ipc_get_maxidx
export function ipcGetMaxIdx(ns: IpcNamespace): number {
  if (ns.inUse === 0) return -1;
  if (ns.inUse === IPCMNI) return IPCMNI - 1;
  return ns.maxIdx;
}

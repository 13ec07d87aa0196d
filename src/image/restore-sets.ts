// Restore, exact mode: IPC namespaces with their id allocators and sets, as ipc/util.c would have left them.
import { IPCMNI_IDX_MASK, IPCMNI_SHIFT } from '../abi/index.js';
import { SemArray, type IpcNamespace, type KernelState } from '../kernel/index.js';
import type { NamespaceImage, SetImage } from './image-types.js';

function restoreSet(ns: IpcNamespace, s: SetImage): SemArray {
  const set = new SemArray(s.key, s.sems.length, s.mode, s.uid, s.gid, s.cuid, s.cgid, s.ctime);
  set.id = s.id;
  set.seq = s.id >>> IPCMNI_SHIFT;
  s.sems.forEach((sem, i) => {
    set.vals[i] = sem.val;
    set.pids[i] = sem.pid;
    set.otimes[i] = sem.otime;
  });
  const idx = s.id & IPCMNI_IDX_MASK;
  ns.slots[idx] = set;
  if (set.key !== 0) ns.keys.set(set.key, set);
  ns.inUse++;
  if (idx > ns.maxIdx) ns.maxIdx = idx;
  ns.usedSems += set.nsems;
  return set;
}

function fill(ns: IpcNamespace, img: NamespaceImage): void {
  Object.assign(ns.limits, img.limits);
  ns.nextId = img.semNextId;
  ns.seq = img.ids.seq;
  ns.lastIdx = img.ids.lastIdx;
  ns.nextCursor = img.ids.cursor;
  for (const s of img.sets) restoreSet(ns, s);
}

/** The namespaces of the image: the first one is the machine's initial namespace, filled in place. */
export function restoreNamespaces(k: KernelState, images: readonly NamespaceImage[]): IpcNamespace[] {
  return images.map((img, i) => {
    const ns = i === 0 ? k.initNs : k.newNamespace(img.inum);
    fill(ns, img);
    return ns;
  });
}

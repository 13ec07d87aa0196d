// Restore, exact mode: undo lists (struct sem_undo_list), each once, with its entries in list order.
import { UndoEntry, UndoList, linkToSet, lookupChecked, type IpcNamespace } from '../kernel/index.js';
import type { UndoListImage } from './image-types.js';

/** A list whose entries name sets of `ns`; its refcnt is set when its holders are attached. */
export function restoreUndoList(img: UndoListImage, ns: IpcNamespace): UndoList {
  const list = new UndoList();
  list.refcnt = 0;
  for (let i = img.entries.length - 1; i >= 0; i--) {
    const e = img.entries[i]!;
    const set = lookupChecked(ns, e.semid)!;
    const un = new UndoEntry(e.semid, set, null);
    un.semadj.set(e.semadj);
    list.addFront(un);
    linkToSet(un, set);
  }
  return list;
}

// The undo lists of a restored image (ipc/sem.c's struct sem_undo_list, held by processes of another
// session): each waits, still applied to by SETVAL/SETALL/IPC_RMID, until a process of this session takes
// it (semundo undo adopt). A saved holder keeps its hold until then, so a list shared by several saved
// processes is given back only when the last of them, or of their adopters, has exited.
import { EBUSY, EINVAL, ESRCH } from '../abi/index.js';
import type { CredImage, ImageBody, UndoListImage } from '../image/index.js';
import { restoreUndoList } from '../image/index.js';
import type { IpcNamespace, KernelState, Task, UndoList } from '../kernel/index.js';

/** A saved thread that held a list, and what became of its hold. */
export interface SavedHolder {
  tid: number;
  pid: number;
  cred: CredImage;
  /** The pid of the process that took the list in this session, or null while it waits. */
  adoptedBy: number | null;
}

/** What a snapshot keeps of one saved list: its entries, or (once adopted) a live thread that holds it. */
export interface SavedListState {
  holders: SavedHolder[];
  entries: UndoListImage['entries'] | null;
  heldBy: number | null;
}

interface Waiting {
  list: UndoList;
  holders: SavedHolder[];
}

export class RestoredLists {
  private readonly lists: Waiting[] = [];
  private readonly byTid = new Map<number, Waiting>();

  get size(): number {
    return this.lists.length;
  }

  private add(list: UndoList, holders: SavedHolder[]): void {
    const w = { list, holders };
    this.lists.push(w);
    for (const h of holders) this.byTid.set(h.tid, w);
    list.refcnt += holders.filter((h) => h.adoptedBy === null).length;
  }

  /** The lists of an image's threads in namespace 0 (restored into `ns`), each held by its saved threads. */
  static fromImage(body: ImageBody, ns: IpcNamespace): RestoredLists {
    const r = new RestoredLists();
    const holders: SavedHolder[][] = body.undoLists.map(() => []);
    for (const p of body.processes)
      for (const t of p.threads)
        if (t.undoList !== null && t.ns === 0)
          holders[t.undoList]!.push({ tid: t.tid, pid: p.pid, cred: t.cred, adoptedBy: null });
    body.undoLists.forEach((img, i) => {
      if (holders[i]!.length > 0) r.add(restoreUndoList(img, ns), holders[i]!);
    });
    return r;
  }

  /** What a snapshot saves (the model image holds the lists live threads hold; these are the rest). */
  save(k: KernelState): SavedListState[] {
    const holder = new Map<UndoList, number>();
    for (const t of k.tasks.values()) if (t.alive && t.undoList) holder.set(t.undoList, t.tid);
    return this.lists.map((w) => {
      const heldBy = holder.get(w.list) ?? null;
      return {
        holders: w.holders.map((h) => ({ ...h })),
        entries:
          heldBy === null
            ? w.list
                .entries()
                .flatMap((e) => (e.set ? [{ semid: e.semid, semadj: Array.from(e.semadj) }] : []))
            : null,
        heldBy,
      };
    });
  }

  /** The lists a snapshot saved, joined to the model restored from it. */
  static fromSnapshot(saved: readonly SavedListState[], k: KernelState): RestoredLists {
    const r = new RestoredLists();
    for (const s of saved) {
      const list =
        s.heldBy !== null
          ? (k.tasks.get(s.heldBy)?.undoList ?? null)
          : restoreUndoList({ entries: s.entries ?? [] }, k.initNs);
      if (list) r.add(list, s.holders);
    }
    return r;
  }

  /** The saved holder `tid`, or null. */
  holder(tid: number): SavedHolder | null {
    return this.byTid.get(tid)?.holders.find((h) => h.tid === tid) ?? null;
  }

  /** Why `target` cannot take the list of saved thread `old`, as an errno and a message; null when it can. */
  refusal(old: number, target: Task, ns: IpcNamespace): [number, string] | null {
    const h = this.holder(old);
    if (!h) return [ESRCH, `no saved undo list of ${old} waits in this session`];
    if (h.adoptedBy !== null) return [EBUSY, `the list of ${old} was taken by process ${h.adoptedBy}`];
    if (target.ns !== ns)
      return [EINVAL, `process ${target.tgid} is not in the session's first IPC namespace`];
    const lead = target.process.leader ?? target;
    if (lead.undoList && lead.undoList.size > 0)
      return [EBUSY, `process ${target.tgid} already has undo entries`];
    return null;
  }

  /**
   * ipc/sem.c's copy_semundo, done by hand: the threads of `target`'s process that share its leader's
   * list (or have none) let theirs go and hold the saved list of `old`, and so do the saved threads of
   * `old`'s process that held the same list. Checked by refusal() first.
   */
  adopt(old: number, target: Task): void {
    const w = this.byTid.get(old)!;
    const h = this.holder(old)!;
    const lead = target.process.leader ?? target;
    const was = lead.undoList;
    for (const t of target.process.liveThreads()) {
      if (t.undoList !== was) continue;
      if (was) was.refcnt--;
      t.undoList = w.list;
      w.list.refcnt++;
    }
    for (const other of w.holders)
      if (other.pid === h.pid && other.adoptedBy === null) {
        other.adoptedBy = target.tgid;
        w.list.refcnt--;
      }
  }
}

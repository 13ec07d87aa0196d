// ipc/sem.c: struct sem_undo_list and struct sem_undo — what SEM_UNDO gives back at exit.
import type { SemArray } from './sem-array.js';

export class UndoEntry {
  /** Most-recently-used order inside the owning list. */
  prev: UndoEntry | null = null;
  next: UndoEntry | null = null;
  /** list_id: the other entries that refer to the same set. */
  setPrev: UndoEntry | null = null;
  setNext: UndoEntry | null = null;
  readonly semadj: Int16Array;

  constructor(
    /** Full set id; -1 once IPC_RMID invalidated the entry. */
    public semid: number,
    public set: SemArray | null,
    public list: UndoList | null,
  ) {
    this.semadj = new Int16Array(set ? set.nsems : 0);
  }
}

export class UndoList {
  refcnt = 1;
  head: UndoEntry | null = null;
  size = 0;
  /** Bumped by every change of membership or order, so a reader can tell its cursor is still good. */
  version = 0;
  /** Entries by set id, so that a lookup costs O(1) however long the list. */
  private readonly byId = new Map<number, UndoEntry>();

  // ipc/sem.c: __lookup_undo
  find(semid: number): UndoEntry | null {
    return this.byId.get(semid) ?? null;
  }

  // list_add_rcu at the front (new entries and lookup_undo's move-to-front)
  addFront(e: UndoEntry): void {
    e.prev = null;
    e.next = this.head;
    if (this.head) this.head.prev = e;
    this.head = e;
    e.list = this;
    this.byId.set(e.semid, e);
    this.size++;
    this.version++;
  }

  // list_del_rcu
  unlink(e: UndoEntry): void {
    if (e.prev) e.prev.next = e.next;
    else this.head = e.next;
    if (e.next) e.next.prev = e.prev;
    e.prev = e.next = null;
    e.list = null;
    if (this.byId.get(e.semid) === e) this.byId.delete(e.semid);
    this.size--;
    this.version++;
  }

  // ipc/sem.c: lookup_undo — the entry for semid, moved to the front
  lookup(semid: number): UndoEntry | null {
    const e = this.head;
    if (e && e.semid === semid) return e;
    const found = this.find(semid);
    if (found) {
      this.unlink(found);
      this.addFront(found);
    }
    return found;
  }

  entries(): UndoEntry[] {
    const out: UndoEntry[] = [];
    for (let e = this.head; e; e = e.next) out.push(e);
    return out;
  }
}

// list_add(&un->list_id, &sma->list_id)
export function linkToSet(un: UndoEntry, set: SemArray): void {
  un.setPrev = null;
  un.setNext = set.undoHead;
  if (set.undoHead) set.undoHead.setPrev = un;
  set.undoHead = un;
  (set.adjusted ??= new Set()).add(un);
}

// list_del(&un->list_id)
export function unlinkFromSet(un: UndoEntry, set: SemArray): void {
  if (un.setPrev) un.setPrev.setNext = un.setNext;
  else if (set.undoHead === un) set.undoHead = un.setNext;
  if (un.setNext) un.setNext.setPrev = un.setPrev;
  un.setPrev = un.setNext = null;
  set.adjusted?.delete(un);
}

const NONE: readonly UndoEntry[] = [];

function allZero(semadj: Int16Array): boolean {
  for (let i = 0; i < semadj.length; i++) if (semadj[i] !== 0) return false;
  return true;
}

/**
 * The undo entries of `set` with a non-zero adjustment, from set.adjusted, which loses the others;
 * those of list `except` are left out (and left in the index, unlooked at).
 */
export function adjustedEntries(set: SemArray, except: UndoList | null = null): readonly UndoEntry[] {
  const index = set.adjusted;
  if (index === null) return NONE;
  let out: UndoEntry[] | null = null;
  for (const e of index) {
    if (except !== null && e.list === except) continue;
    if (allZero(e.semadj)) index.delete(e);
    else (out ??= []).push(e);
  }
  return out ?? NONE;
}

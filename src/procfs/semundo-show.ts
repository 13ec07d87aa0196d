// The read side of /proc/<pid>/semundo: one line per undo entry, in list order (seq_file records).
import type { Task, UndoEntry, UndoList } from '../kernel/index.js';
import type { SeqOperations } from './seq-file.js';

const SPACES = '          ';

/** printf's "%<width>d" for widths up to 10. */
function pad(v: number, width: number): string {
  const s = `${v}`;
  return s.length >= width ? s : SPACES.slice(0, width - s.length) + s;
}

/** "%10d %6d" then " %6d" per adjustment, then "\n". */
export function semundoLine(semid: number, semadj: ArrayLike<number>): string {
  let line = `${pad(semid, 10)} ${pad(semadj.length, 6)}`;
  for (let i = 0; i < semadj.length; i++) line += ` ${pad(semadj[i]!, 6)}`;
  return `${line}\n`;
}

/** The first entry from `e` on whose set still exists (freeary unlinks and clears an entry as it removes its set). */
function live(e: UndoEntry | null): UndoEntry | null {
  while (e && !e.set) e = e.next;
  return e;
}

/**
 * Records over the undo list the task holds at each read. Position n is the n-th entry; the last
 * entry handed out is remembered so that sequential reads resume in O(1), as long as it is still
 * in the same list (otherwise the list is walked from its head), and so is the end of the list, so
 * that a read at the end costs O(1) while the list has not changed since.
 */
export function semundoOps(target: Task): SeqOperations<UndoEntry> {
  let last: { list: UndoList; pos: number; entry: UndoEntry } | null = null;
  let end: { list: UndoList; pos: number; version: number } | null = null;
  const remember = (list: UndoList | null, pos: number, entry: UndoEntry | null): UndoEntry | null => {
    last = list && entry ? { list, pos, entry } : null;
    end = list && !entry ? { list, pos, version: list.version } : null;
    return entry;
  };
  return {
    start(pos) {
      const list = target.alive ? target.undoList : null;
      if (!list) return null;
      const l = last as { list: UndoList; pos: number; entry: UndoEntry } | null;
      if (l && l.list === list && l.entry.list === list) {
        if (l.pos === pos.value) return l.entry;
        if (l.pos === pos.value - 1) return remember(list, pos.value, live(l.entry.next));
      }
      const e0 = end as { list: UndoList; pos: number; version: number } | null;
      if (e0 && e0.list === list && e0.version === list.version && e0.pos === pos.value) return null;
      let e = live(list.head);
      for (let i = 0; e && i < pos.value; i++) e = live(e.next);
      return remember(list, pos.value, e);
    },
    next(r, pos) {
      pos.value++;
      return remember(r.list, pos.value, r.list ? live(r.next) : null);
    },
    show: (r) => semundoLine(r.semid, r.semadj),
  };
}

// The read format of /proc/<pid>/semundo as semundo(5) states it: "%10d %6d", then " %6d" per adjustment,
// then "\n" — written out here on its own, to judge what the file returns.
import type { Task } from '../../src/api/index.js';

export interface Entry {
  semid: number;
  nsems: number;
  semadj: number[];
}

function pad(v: number, width: number): string {
  const s = String(v);
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}

export function renderEntry(e: Entry): string {
  return [pad(e.semid, 10), pad(e.nsems, 6), ...e.semadj.map((a) => pad(a, 6))].join(' ') + '\n';
}

/** True when `line` is one whole line of the format: numbers at their widths, nsems adjustments. */
export function wellFormed(line: string): boolean {
  if (!/^[ 0-9-]+\n$/.test(line)) return false;
  const nums = line.trim().split(/ +/).map(Number);
  if (nums.length < 2 || nums.some((n) => !Number.isInteger(n))) return false;
  const [semid, nsems, ...semadj] = nums as [number, number, ...number[]];
  return nsems === semadj.length && renderEntry({ semid, nsems, semadj }) === line;
}

/** Splits text into lines, each keeping its "\n" (a last piece without one is kept as is). */
export function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The entries of the kernel's undo list `task` holds now, in list order, whose set still exists. */
export function kernelEntries(task: Task): Entry[] {
  const out: Entry[] = [];
  for (let e = task.k.undoList?.head ?? null; e; e = e.next)
    if (e.set && !e.set.deleted)
      out.push({ semid: e.semid, nsems: e.semadj.length, semadj: Array.from(e.semadj) });
  return out;
}

// The write side of /proc/<pid>/semundo, step one: whole lines of integers, nothing else.
import { EINVAL } from '../abi/index.js';

export interface SemundoLine {
  semid: number;
  nsems: number;
  semadj: number[];
}

const NL = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const MINUS = 0x2d;
const ZERO = 0x30;
const INT_MIN = -0x80000000;
const INT_MAX = 0x7fffffff;
/** More significant digits than this cannot fit a C int. */
const MAX_DIGITS = 10;

const isSeparator = (c: number): boolean => c === SPACE || c === TAB || c === NL;

/**
 * The lines of one write(), or -EINVAL for a partial last line, a non-numeric field or an overflow.
 * Fields are decimal C ints ("-?[0-9]+", any leading zeros) separated by runs of spaces or tabs;
 * lines end in "\n"; blank lines are skipped. One pass over the characters, no intermediate strings.
 */
export function parseSemundo(data: string): SemundoLine[] | number {
  const n = data.length;
  if (n > 0 && data.charCodeAt(n - 1) !== NL) return -EINVAL;
  const out: SemundoLine[] = [];
  let count = 0;
  let semid = 0;
  let nsems = 0;
  let semadj: number[] = [];
  let i = 0;
  while (i < n) {
    const c = data.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      i++;
    } else if (c === NL) {
      i++;
      if (count === 0) continue;
      if (count < 2) return -EINVAL;
      out.push({ semid, nsems, semadj });
      count = 0;
      semadj = [];
    } else {
      const neg = c === MINUS;
      const first = neg ? i + 1 : i;
      let j = first;
      let v = 0;
      let digits = 0;
      for (; j < n; j++) {
        const d = data.charCodeAt(j) - ZERO;
        if (d < 0 || d > 9) break;
        if (digits > 0 || d > 0) digits++;
        v = v * 10 + d;
      }
      if (j === first || digits > MAX_DIGITS || (j < n && !isSeparator(data.charCodeAt(j)))) return -EINVAL;
      const value = neg && v !== 0 ? -v : v;
      if (value < INT_MIN || value > INT_MAX) return -EINVAL;
      if (count === 0) semid = value;
      else if (count === 1) nsems = value;
      else semadj.push(value);
      count++;
      i = j;
    }
  }
  return out;
}

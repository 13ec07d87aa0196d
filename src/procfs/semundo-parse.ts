// The write side of /proc/<pid>/semundo, step one: whole lines of integers, nothing else.
import { EINVAL } from '../abi/index.js';

export interface SemundoLine {
  semid: number;
  nsems: number;
  semadj: number[];
}

const INT = /^-?[0-9]+$/;

/** A decimal C int, or null when the text is not one (non-numeric or overflowing). */
function parseInt32(tok: string): number | null {
  if (!INT.test(tok) || tok.replace(/^-?0*/, '').length > 10) return null;
  const v = Number(tok);
  return v >= -0x80000000 && v <= 0x7fffffff ? v : null;
}

/** The lines of one write(), or -EINVAL for a partial last line, a non-numeric field or an overflow. */
export function parseSemundo(data: string): SemundoLine[] | number {
  if (data.length > 0 && !data.endsWith('\n')) return -EINVAL;
  const out: SemundoLine[] = [];
  for (const raw of data.split('\n')) {
    const fields = raw.split(/[ \t]+/).filter((f) => f.length > 0);
    if (fields.length === 0) continue;
    const nums = fields.map(parseInt32);
    if (nums.some((n) => n === null) || nums.length < 2) return -EINVAL;
    const [semid, nsems, ...semadj] = nums as number[];
    out.push({ semid: semid!, nsems: nsems!, semadj });
  }
  return out;
}

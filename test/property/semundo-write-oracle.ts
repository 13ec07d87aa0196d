// What one write() to /proc/self/semundo must do, from the checks of semundo(5) in their order: first
// the whole data (final newline, decimal C ints, two fields a line), then line by line (set exists,
// nsems and count, range, alter permission for a line that changes the writer's entry, one id once). Accepted: the named entries, in line order,
// go in front of the entries not named.
import type { Entry } from './semundo-format.js';

/** What the writer's namespace holds under a set id, whether the writer may alter it, and its entry. */
export interface SetFact {
  nsems: number;
  alter: boolean;
  /** The adjustments of the writer's entry for the set, if it has one. */
  current?: readonly number[];
}

export type Outcome = { ok: Entry[] } | { err: 'EINVAL' | 'ERANGE' | 'EACCES' };

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;

function cInt(field: string): number | null {
  if (!/^-?[0-9]+$/.test(field)) return null;
  const v = BigInt(field);
  return v < INT_MIN || v > INT_MAX ? null : Number(v);
}

export function expectWrite(data: string, facts: (semid: number) => SetFact | undefined): Outcome {
  if (data !== '' && !data.endsWith('\n')) return { err: 'EINVAL' };
  const lines: number[][] = [];
  for (const raw of data.split('\n')) {
    const fields = raw.split(/[ \t]+/).filter((f) => f !== '');
    if (fields.length === 0) continue;
    const nums = fields.map(cInt);
    if (nums.includes(null) || nums.length < 2) return { err: 'EINVAL' };
    lines.push(nums as number[]);
  }
  const seen = new Set<number>();
  const ok: Entry[] = [];
  for (const [semid, nsems, ...semadj] of lines as [number, number, ...number[]][]) {
    const set = facts(semid);
    if (!set || nsems !== set.nsems || semadj.length !== set.nsems) return { err: 'EINVAL' };
    if (semadj.some((a) => a < -32768 || a > 32767)) return { err: 'ERANGE' };
    const changes = semadj.some((a, i) => a !== (set.current?.[i] ?? 0));
    if (changes && !set.alter) return { err: 'EACCES' };
    if (seen.has(semid)) return { err: 'EINVAL' };
    seen.add(semid);
    ok.push({ semid, nsems, semadj });
  }
  return { ok };
}

/** The writer's list after an accepted write: the written entries, then the others in their order. */
export function afterWrite(before: readonly Entry[], written: readonly Entry[]): Entry[] {
  const named = new Set(written.map((e) => e.semid));
  return [...written, ...before.filter((e) => !named.has(e.semid))];
}

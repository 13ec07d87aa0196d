// Fault injection for the fault-tolerance tests: the server kills itself (SIGKILL, as an outside kill would)
// at a named point with a given probability. Off unless the keeper was started with SEMUNDO_FAULTS.
export type FaultPoint =
  /** A notification received, nothing recorded for it yet. */
  | 'received'
  /** An entry recorded, not yet applied or answered. */
  | 'recorded'
  /** An exit recorded, not yet applied. */
  | 'exit'
  /** A sleeper's wake-up decided and recorded while an entry is applied, its answer not sent yet. */
  | 'wake'
  /** A snapshot written, not yet (or only partly) put in place. */
  | 'snapshot'
  /** A restarted server has replayed its journal, and has not answered anything yet. */
  | 'replayed';

const POINTS: readonly FaultPoint[] = ['received', 'recorded', 'exit', 'wake', 'snapshot', 'replayed'];
let odds: Partial<Record<FaultPoint, number>> = {};

/** "point=probability,…" (e.g. "recorded=0.001,exit=0.05"); a message naming what is wrong, or null. */
export function parseFaults(spec: string): Partial<Record<FaultPoint, number>> | string {
  const out: Partial<Record<FaultPoint, number>> = {};
  for (const part of spec.split(',').filter(Boolean)) {
    const [name, p] = part.split('=');
    if (!POINTS.includes(name as FaultPoint))
      return `unknown fault point ${name} (one of ${POINTS.join(', ')})`;
    const v = Number(p);
    if (!(v >= 0 && v <= 1)) return `the probability of ${name} must be between 0 and 1`;
    out[name as FaultPoint] = v;
  }
  return out;
}

export function setFaults(f: Partial<Record<FaultPoint, number>>): void {
  odds = f;
}

/** Ends the server here, now and then, as SIGKILL would. */
export function fault(point: FaultPoint): void {
  const p = odds[point];
  if (p !== undefined && Math.random() < p) process.kill(process.pid, 'SIGKILL');
}

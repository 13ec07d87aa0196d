// Shared helpers for the model's tests.
import { ManualClock, createKernel, type Kernel, type Sembuf } from '../src/api/index.js';

export function machine(): { kernel: Kernel; clock: ManualClock } {
  const clock = new ManualClock();
  return { kernel: createKernel({ clock }), clock };
}

export const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Shorthand for a sops array: [num, op, flg?] triples. */
export function sops(...ops: [number, number, number?][]): Sembuf[] {
  return ops.map(([sem_num, sem_op, sem_flg = 0]) => ({ sem_num, sem_op, sem_flg }));
}

/** Records how a promise ended, so tests can look without awaiting forever. */
export function track(p: Promise<unknown>): { done: boolean; value?: unknown; code?: string } {
  const s: { done: boolean; value?: unknown; code?: string } = { done: false };
  p.then(
    (v) => Object.assign(s, { done: true, value: v }),
    (e: { code?: string }) => Object.assign(s, { done: true, code: e.code }),
  );
  return s;
}

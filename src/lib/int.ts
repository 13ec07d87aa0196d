// Integer checks for values that cross the public edge.

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** True when v is an integer in [lo, hi]. */
export function inRange(v: number, lo: number, hi: number): boolean {
  return Number.isInteger(v) && v >= lo && v <= hi;
}

/** C's conversion of an integer to a signed 32-bit int (what a cast to `int` does). */
export function toInt32(v: number): number {
  return v | 0;
}

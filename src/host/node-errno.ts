// Node's fs errors carry the negated errno (libuv's convention), which is also the kernel's.

/** -errno for an error thrown by a node:fs call; anything else is rethrown. */
export function nodeErrno(e: unknown): number {
  const n = (e as NodeJS.ErrnoException | null)?.errno;
  if (typeof n === 'number' && n !== 0) return -Math.abs(n);
  throw e instanceof Error ? e : new Error(`not a system error: ${String(e)}`);
}

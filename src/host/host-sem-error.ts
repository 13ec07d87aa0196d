// The one error of reading and recreating the real kernel's semaphore sets: a sentence saying what failed.
import { ERRNO_NAMES } from '../abi/index.js';

/** "EACCES", or "errno 95" for a number without a name here. */
export function errnoName(negErrno: number): string {
  const n = Math.abs(negErrno);
  return ERRNO_NAMES[n] ?? `errno ${n}`;
}

/** A host dump or restore that cannot go on; `errno` is the failing call's (positive), if one failed. */
export class HostSemError extends Error {
  override readonly name = 'HostSemError';

  constructor(
    message: string,
    readonly errno?: number,
  ) {
    super(message);
  }
}

/** Throws a HostSemError for a negative result: "<what> failed: EACCES". */
export function check(ret: number, what: string): number {
  if (ret < 0) throw new HostSemError(`${what} failed: ${errnoName(ret)}`, -ret);
  return ret;
}

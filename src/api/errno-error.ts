// The one public error class: an expected kernel failure, shaped like Node's own system errors.
import { ERRNO_MESSAGES, ERRNO_NAMES } from '../abi/index.js';

export class ErrnoError extends Error {
  /** 'EAGAIN', 'EIDRM', ... */
  readonly code: string;
  /** As in Node: the negated errno number (-11 for EAGAIN). */
  readonly errno: number;
  /** The system call that failed: 'semget', 'semop', 'semtimedop', 'semctl', 'open', ... */
  readonly syscall: string;

  constructor(errno: number, syscall: string, detail?: string) {
    const num = Math.abs(errno);
    const code = ERRNO_NAMES[num] ?? `E${num}`;
    const text = ERRNO_MESSAGES[num] ?? 'unknown error';
    super(`${code}: ${text}, ${syscall}${detail ? ` ${detail}` : ''}`);
    this.name = 'ErrnoError';
    this.code = code;
    this.errno = -num;
    this.syscall = syscall;
  }
}

/** Throws an ErrnoError for a negative syscall result, returns the value otherwise. */
export function check<T>(ret: T, syscall: string): T {
  if (typeof ret === 'number' && ret < 0) throw new ErrnoError(ret, syscall);
  return ret;
}

// include/uapi/asm-generic/errno-base.h, errno.h: the errno values the semaphore calls return.
export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EBADF = 9;
export const EAGAIN = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EBUSY = 16;
export const EEXIST = 17;
export const EINVAL = 22;
export const EFBIG = 27;
export const ENOSPC = 28;
export const ERANGE = 34;
export const E2BIG = 7;
export const EIDRM = 43;
export const ENOSYS = 38;
export const ENAMETOOLONG = 36;

export const ERRNO_NAMES: Readonly<Record<number, string>> = {
  [EPERM]: 'EPERM',
  [ENOENT]: 'ENOENT',
  [ESRCH]: 'ESRCH',
  [EINTR]: 'EINTR',
  [E2BIG]: 'E2BIG',
  [EBADF]: 'EBADF',
  [EAGAIN]: 'EAGAIN',
  [ENOMEM]: 'ENOMEM',
  [EACCES]: 'EACCES',
  [EFAULT]: 'EFAULT',
  [EBUSY]: 'EBUSY',
  [EEXIST]: 'EEXIST',
  [EINVAL]: 'EINVAL',
  [EFBIG]: 'EFBIG',
  [ENOSPC]: 'ENOSPC',
  [ERANGE]: 'ERANGE',
  [ENOSYS]: 'ENOSYS',
  [EIDRM]: 'EIDRM',
  [ENAMETOOLONG]: 'ENAMETOOLONG',
};

export const ERRNO_MESSAGES: Readonly<Record<number, string>> = {
  [EPERM]: 'operation not permitted',
  [ENOENT]: 'no such file or directory',
  [ESRCH]: 'no such process',
  [EINTR]: 'interrupted system call',
  [E2BIG]: 'argument list too long',
  [EBADF]: 'bad file descriptor',
  [EAGAIN]: 'resource temporarily unavailable',
  [ENOMEM]: 'cannot allocate memory',
  [EACCES]: 'permission denied',
  [EFAULT]: 'bad address',
  [EBUSY]: 'device or resource busy',
  [EEXIST]: 'file exists',
  [EINVAL]: 'invalid argument',
  [EFBIG]: 'file too large',
  [ENOSPC]: 'no space left on device',
  [ERANGE]: 'numerical result out of range',
  [ENOSYS]: 'function not implemented',
  [EIDRM]: 'identifier removed',
  [ENAMETOOLONG]: 'file name too long',
};

/** The errno number for a name such as 'EAGAIN', or undefined. */
export function errnoByName(name: string): number | undefined {
  for (const [num, n] of Object.entries(ERRNO_NAMES)) if (n === name) return Number(num);
  return undefined;
}

// A restore through system calls that the new machine refused: which part of the image, and the errno.
import { ERRNO_NAMES } from '../abi/index.js';
import { ImageError } from './image-error.js';

/** Returns `r` unless it is a negative errno, which becomes an ImageError naming `path` and `what`. */
export function must<T>(r: T | number, path: string, what: string): T {
  if (typeof r === 'number' && r < 0) {
    const name = ERRNO_NAMES[-r] ?? `errno ${-r}`;
    throw new ImageError(path, `${what} failed with ${name}`);
  }
  return r as T;
}

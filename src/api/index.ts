// semundo's public surface.
export * from '../abi/index.js';
export { ManualClock, SystemClock, type Clock } from '../lib/index.js';
export { ErrnoError } from './errno-error.js';
export { Kernel, createKernel } from './kernel.js';
export { Task } from './task.js';
export {
  checkpoint,
  restore,
  restoreProcesses,
  type CheckpointOptions,
  type RestoreOptions,
} from './image.js';
export { ImageError, type Image, type ImageBody } from '../image/index.js';
export type * from './types.js';
export type { SemctlValue, SemStat, SeminfoResult } from '../syscalls/index.js';

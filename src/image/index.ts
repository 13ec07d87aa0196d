// Checkpoint images: the format, its encoding and validating decoder, dump and restore.
export * from './image-types.js';
export { checkpointBody } from './checkpoint.js';
export { restoreExact } from './restore-exact.js';
export { encodeImage } from './encode.js';
export { decodeImage } from './decode.js';
export { ImageError } from './image-error.js';
export { restoreThroughSyscalls, type SyscallsRestore } from './restore-syscalls.js';
export { restoreProcessesInto } from './restore-processes.js';
export { credImage, credOfImage } from './cred-image.js';
export { MAX_ARG } from './image-shape.js';
export { restoreUndoList } from './restore-undo.js';

// The Linux ABI of System V semaphores: numbers and shapes only, no logic.
export * from './errno.js';
export * from './ipc.js';
export * from './limits.js';
export * from './structs.js';
export * from './signals.js';
export * from './caps.js';
export * from './fcntl.js';
export * from './seccomp.js';

// The model's /proc files for System V semaphores.
export * from './sysvipc-sem.js';
export * from './sysctl-sem.js';
export * from './proc-int-vector.js';
export * from './proc-files.js';
export * from './seq-file.js';

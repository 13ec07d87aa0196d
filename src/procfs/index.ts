// The model's /proc files for System V semaphores.
export * from './seq-file.js';
export * from './sysvipc-sem.js';
export * from './sysctl-sem.js';
export * from './proc-int-vector.js';
export * from './proc-files.js';
export * from './proc-path.js';
export * from './semundo-show.js';
export * from './semundo-parse.js';
export * from './semundo-file.js';

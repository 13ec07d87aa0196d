// System calls over the model: arguments checked in the kernel's order; 0/values or a negative errno.
export * from './semget.js';
export * from './semtimedop.js';
export * from './semctl.js';
export * from './semctl-info.js';
export * from './semctl-stat.js';
export * from './clone.js';
export * from './unshare.js';
export * from './exit.js';
export * from './signal.js';
export * from './cred.js';
export * from './semundo-write.js';

// The semundo package entry point.
export * from './api/index.js';

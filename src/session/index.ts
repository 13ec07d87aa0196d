// A running session seen from outside: finding it, asking it, and whether this machine can run one.
export { ask, listSessions, liveSessions, type SessionRef } from './sessions.js';
export { socketPath } from '../supervisor/runtime-dir.js';
export { sessionSupport } from '../supervisor/run-session.js';

// The command lines of the run suite: a C program under `semundo run`, under the C reference
// supervisor (bench/c/c-supervisor.c), under the Node floor (bench/node-floor.ts), or on the kernel in
// a fresh IPC namespace.
import { fileURLToPath } from 'node:url';
import { compiledC, inOwnIpcNamespace } from './c-programs.js';

/** The semundo command as built (this file runs from dist/bench). */
export const SEMUNDO_MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const NODE_FLOOR = fileURLToPath(new URL('./node-floor.js', import.meta.url));

/** x86_64 numbers of the calls the reference supervisor is given: the semaphore calls, the opens. */
export const SEM_CALLS = [64, 65, 66, 220];
export const OPEN_CALLS = [2, 257, 437];

/** `semundo run [OPTIONS] -- PROGRAM ARGS`. */
export function underSemundo(
  program: string,
  args: readonly (string | number)[],
  options: string[] = [],
): string[] {
  return [process.execPath, SEMUNDO_MAIN, 'run', ...options, '--', compiledC(program), ...args.map(String)];
}

/** PROGRAM under the C reference supervisor in MODE (answer, read, continue) for the calls NRS. */
export function underCSupervisor(
  mode: 'answer' | 'read' | 'continue' | 'handoff',
  nrs: readonly number[],
  program: string,
  args: readonly (string | number)[],
): string[] {
  return [
    ...freshIpc(),
    compiledC('c-supervisor'),
    mode,
    nrs.join(','),
    '--',
    compiledC(program),
    ...args.map(String),
  ];
}

/** PROGRAM served by the Node floor for the calls NRS: c-supervisor hands the listener over to it. */
export function underNodeFloor(
  nrs: readonly number[],
  program: string,
  args: readonly (string | number)[],
): string[] {
  return [
    'env',
    `HANDOFF_NODE=${process.execPath}`,
    `HANDOFF_SCRIPT=${NODE_FLOOR}`,
    ...underCSupervisor('handoff', nrs, program, args),
  ];
}

/** PROGRAM on the kernel, in a fresh IPC namespace when one can be made. */
export function onKernel(program: string, args: readonly (string | number)[]): string[] {
  return [...freshIpc(), compiledC(program), ...args.map(String)];
}

function freshIpc(): string[] {
  return inOwnIpcNamespace() ? ['unshare', '--ipc'] : [];
}

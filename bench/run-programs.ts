// The command lines of the run suite: a C program under `semundo run`, under the C reference
// supervisor (bench/c/c-supervisor.c), or on the kernel in a fresh IPC namespace.
import { fileURLToPath } from 'node:url';
import { compiledC, inOwnIpcNamespace } from './c-programs.js';

/** The semundo command as built (this file runs from dist/bench). */
export const SEMUNDO_MAIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

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
  mode: 'answer' | 'read' | 'continue',
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

/** PROGRAM on the kernel, in a fresh IPC namespace when one can be made. */
export function onKernel(program: string, args: readonly (string | number)[]): string[] {
  return [...freshIpc(), compiledC(program), ...args.map(String)];
}

function freshIpc(): string[] {
  return inOwnIpcNamespace() ? ['unshare', '--ipc'] : [];
}

// What the programs `semundo demo` runs under `semundo run` share: output lines, libc semaphore calls that
// must succeed, and children (the program itself in another mode) that say when they are ready.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { GETVAL } from '../abi/index.js';
import { semctl } from '../host/semctl.js';

export const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** semctl(id, 0, GETVAL) through libc. */
export const value = (id: number): number => semctl(id, 0, GETVAL).ret;

/** A libc call's result, or an error naming it and its errno. */
export function check(what: string, r: number): number {
  if (r < 0) throw new Error(`${what} failed with errno ${-r}`);
  return r;
}

/** Keeps the process alive until it is killed. */
export const waitForKill = (): void => void setInterval(() => {}, 1 << 30);

/** `program ARGS...` as a child of this process, once it has written its first output. */
export function readyChild(program: string, args: readonly string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [program, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${args[0]} exited (${code}) before it was ready`)));
  });
}

/** The next line on standard input: the demo's word to go on. Standard input is closed after it. */
export function nextLine(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  return new Promise<void>((resolve) =>
    lines.once('line', () => {
      lines.close();
      process.stdin.destroy();
      resolve();
    }),
  );
}

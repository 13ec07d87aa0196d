// The C baseline programs: compiled with gcc into bench/build/ and run in a fresh IPC namespace.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { BaselineUnavailable } from './baseline.js';
import { C_BUILD_DIR, C_SOURCE_DIR } from './paths.js';

const built = new Map<string, string>();
let unshareWorks: boolean | undefined;

/** bench/c/<program>.c compiled with gcc (once); the path of the binary. */
export function compiledC(program: string): string {
  const cached = built.get(program);
  if (cached) return cached;
  mkdirSync(C_BUILD_DIR, { recursive: true });
  const out = path.join(C_BUILD_DIR, program);
  const src = path.join(C_SOURCE_DIR, `${program}.c`);
  const r = spawnSync('gcc', ['-O2', '-Wall', '-Wextra', '-o', out, src], { encoding: 'utf8' });
  if (r.error) throw new BaselineUnavailable(`gcc could not run: ${r.error.message}`);
  if (r.status !== 0) throw new BaselineUnavailable(`gcc failed on ${src}:\n${r.stderr}`);
  built.set(program, out);
  return out;
}

/** True when `unshare --ipc` can start a program in a new IPC namespace (root, or user namespaces). */
export function inOwnIpcNamespace(): boolean {
  unshareWorks ??= spawnSync('unshare', ['--ipc', 'true']).status === 0;
  return unshareWorks;
}

/** Compiles (once) and runs bench/c/<program>.c; returns its stdout lines, each split into numbers. */
export function runC(program: string, args: readonly (string | number)[], timeoutMs = 300_000): number[][] {
  return runCFields(program, args, timeoutMs).map((fields) => fields.map(Number));
}

/** Compiles (once) and runs bench/c/<program>.c; returns its stdout lines, each split into words. */
export function runCFields(
  program: string,
  args: readonly (string | number)[],
  timeoutMs = 300_000,
): string[][] {
  const exe = compiledC(program);
  const argv = args.map(String);
  return runArgvFields(inOwnIpcNamespace() ? ['unshare', '--ipc', exe, ...argv] : [exe, ...argv], timeoutMs);
}

/** Runs ARGV (a C program, perhaps under a supervisor); returns its stdout lines, each split into words. */
export function runArgvFields(argv: readonly string[], timeoutMs = 300_000): string[][] {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 1 << 20 });
  if (r.error) throw new BaselineUnavailable(`${argv[0]} could not run: ${r.error.message}`);
  if (r.status !== 0)
    throw new BaselineUnavailable(`${argv.join(' ')} failed: ${r.stderr.trim() || `status ${r.status}`}`);
  return r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.trim().split(/\s+/));
}

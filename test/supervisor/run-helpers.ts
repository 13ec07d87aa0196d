// Running programs natively in a fresh IPC namespace and under `semundo run`, to compare what they see.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sessionSupport } from '../../src/supervisor/run-session.js';

/** The command as built (this file runs from dist/test/supervisor). */
export const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
/** test/supervisor/programs in the source tree. */
export const PROGRAMS = fileURLToPath(new URL('../../../test/supervisor/programs/', import.meta.url));

export interface Run {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/** Why sessions cannot run here, or null. */
export function runSkipReason(): string | null {
  return sessionSupport();
}

const isRoot = process.geteuid?.() === 0;

/** Why the native half (a fresh IPC namespace) cannot run here, or null. */
export function nativeSkipReason(): string | null {
  if (!existsSync('/usr/bin/unshare')) return 'unshare(1) is missing';
  const probe = spawnSync('unshare', [...freshIpc(), 'true']);
  return probe.status === 0 ? null : `unshare ${freshIpc().join(' ')} fails here`;
}

function freshIpc(): string[] {
  return isRoot ? ['--ipc'] : ['--user', '--map-root-user', '--ipc'];
}

function run(
  file: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number },
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        encoding: 'utf8',
        env: opts.env ?? process.env,
        timeout: opts.timeoutMs ?? 60_000,
        maxBuffer: 64 << 20,
      },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: unknown; killed?: boolean }) | null;
        if (e && typeof e.code === 'string') return reject(e);
        if (e?.killed) return reject(new Error(`${file} ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
        resolve({ status: child.exitCode, signal: child.signalCode, stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** COMMAND under `semundo run`. */
export function supervised(
  argv: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
  options: readonly string[] = [],
): Promise<Run> {
  return run(process.execPath, [MAIN, 'run', ...options, '--', ...argv], opts);
}

/** COMMAND on the real kernel, in a fresh IPC namespace. */
export function native(
  argv: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<Run> {
  return run('unshare', [...freshIpc(), ...argv], opts);
}

let buildDir: string | null = null;

/** Why C programs cannot be built here, or null. */
export function compilerSkipReason(): string | null {
  return spawnSync('gcc', ['--version']).status === 0 ? null : 'there is no C compiler (gcc)';
}

/** test/supervisor/programs/NAME.c built with gcc; the path of the binary. */
export function compile(name: string, flags: readonly string[] = []): string {
  buildDir ??= mkdtempSync(join(tmpdir(), 'semundo-programs-'));
  const out = join(buildDir, name);
  const r = spawnSync('gcc', ['-O1', '-Wall', '-pthread', '-o', out, join(PROGRAMS, `${name}.c`), ...flags], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`gcc ${name}.c failed:\n${r.stderr}`);
  return out;
}

export function programSource(name: string): string {
  return readFileSync(join(PROGRAMS, name), 'utf8');
}

/** The argv that runs COMMAND on the real kernel in a fresh IPC namespace (for a long-running spawn). */
export function nativeArgv(argv: readonly string[]): string[] {
  return ['unshare', ...freshIpc(), ...argv];
}

/** The argv that runs COMMAND under `semundo run` (for a long-running spawn). */
export function supervisedArgv(argv: readonly string[], options: readonly string[] = []): string[] {
  return [process.execPath, MAIN, 'run', ...options, '--', ...argv];
}

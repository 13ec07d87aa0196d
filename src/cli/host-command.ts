// `semundo host dump [-o FILE]` and `semundo host restore FILE`: the caller's IPC namespace's real
// semaphore sets as an image, and back. Exit codes: 0 done, 1 refused or failed, 2 bad usage.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PRODUCER } from '../api/version.js';
import { readHostSemNamespace } from '../host/sem-namespace-read.js';
import { restoreHostSets } from '../host/sem-restore.js';
import { decodeImage, encodeImage } from '../image/index.js';
import { hostImageBody, hostRestorePlan } from './host-image.js';
import { Progress } from './progress.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const say = (line: string) => process.stderr.write(`${line}\n`);

/** Runs one command; any error is one line on stderr and exit code 1. */
function attempt(name: string, fn: () => void): void {
  try {
    fn();
    process.exitCode = EXIT_OK;
  } catch (e) {
    say(`semundo host ${name}: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = EXIT_FAILED;
  }
}

/** A progress line on stderr (when it is a terminal) fed by a (done, total) callback. */
function progressOf(
  label: string,
  quiet: boolean,
): { tick: (done: number, total: number) => void; end: () => void } {
  const p = new Progress({ quiet });
  let started = false;
  return {
    tick: (done, total) => {
      if (!started) p.start(label, total);
      started = true;
      p.update(done);
    },
    end: () => p.end(),
  };
}

function dump(o: { output?: string; quiet?: boolean }): void {
  attempt('dump', () => {
    const progress = progressOf('reading sets', !!o.quiet);
    const ns = readHostSemNamespace(progress.tick);
    progress.end();
    const text = encodeImage(hostImageBody(ns), `${PRODUCER} host`);
    if (o.output === undefined) process.stdout.write(text);
    else writeFileSync(o.output, text);
    say(
      `semundo host dump: ${ns.sets.length} semaphore sets of IPC namespace ipc:[${ns.inum}]` +
        ' (undo lists, sleeping calls and per-semaphore otime are not readable from this kernel)',
    );
  });
}

function restore(file: string, o: { limits: boolean; quiet?: boolean }): void {
  attempt('restore', () => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
        cause: e,
      });
    }
    const { plan, notes } = hostRestorePlan(decodeImage(text), { limits: o.limits });
    for (const n of notes) say(`semundo host restore: note: ${n}`);
    const progress = progressOf('creating sets', !!o.quiet);
    let ids: number[];
    try {
      ids = restoreHostSets(plan, progress.tick);
    } finally {
      progress.end();
    }
    say(`semundo host restore: ${ids.length} semaphore sets restored`);
  });
}

export function registerHostCommand(program: Command): void {
  const host = program
    .command('host')
    .description(
      "the real kernel: the caller's IPC namespace's System V semaphore sets as an image, and back",
    );
  const dumpCmd = host
    .command('dump')
    .description("write an image of the caller's IPC namespace's semaphore sets")
    .option('-o, --output <file>', 'write the image to FILE (default: standard output)')
    .option('-q, --quiet', 'no progress line on a terminal')
    .action(dump);
  const restoreCmd = host
    .command('restore')
    .description(
      "recreate an image's semaphore sets in the caller's IPC namespace, with their ids, owners, modes and values",
    )
    .argument('<file>', 'the image')
    .option('--no-limits', "leave the namespace's limits (/proc/sys/kernel/sem) as they are")
    .option('-q, --quiet', 'no progress line on a terminal')
    .action(restore);
  for (const c of [host, dumpCmd, restoreCmd])
    c.exitOverride((err) => process.exit(err.exitCode === 0 ? EXIT_OK : EXIT_USAGE));
}

// `semundo checkpoint`: an image of a running session's semaphores, undo lists and sleepers, taken in one
// consistent state while its programs run (the session's server answers nothing else meanwhile).
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { ask } from '../session/sessions.js';
import type { CheckpointResult } from '../supervisor/live-checkpoint.js';
import { pickSession } from './session-commands.js';

const err = (s: string): void => void process.stderr.write(s);

/** Writes `text` to `file` whole or not at all (a temporary file beside it, then a rename). */
function writeWhole(file: string, text: string): void {
  if (file === '-') {
    process.stdout.write(text);
    return;
  }
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function registerCheckpointCommand(program: Command): void {
  program
    .command('checkpoint')
    .description(
      "write an image of a running session: its sets, every process's undo list and its sleepers, with the real pids",
    )
    .requiredOption('-o, --output <file>', 'the image file to write ("-": standard output)')
    .option('--session <pid>', 'the session (the pid of its semundo run); needed when several run')
    .option('-q, --quiet', 'no summary on standard error')
    .action(async (opts: { output: string; session?: string; quiet?: boolean }) => {
      const s = await pickSession('checkpoint', opts.session);
      if (!s) return process.exit(1);
      const a = await ask<CheckpointResult>(s.path, { op: 'checkpoint' }, 600_000);
      if (!a.ok) {
        err(
          `semundo checkpoint: session ${s.pid}: ${a.errno === 'EACCES' ? `${a.error} (permission denied)` : a.error}\n`,
        );
        return process.exit(1);
      }
      const r = a.result;
      try {
        writeWhole(opts.output, r.text);
      } catch (e) {
        err(`semundo checkpoint: cannot write ${opts.output}: ${(e as Error).message}\n`);
        return process.exit(1);
      }
      if (!opts.quiet)
        err(
          `semundo checkpoint: session ${s.pid}: ${plural(r.sets, 'set')}, ${plural(r.processes, 'process', 'processes')}, ` +
            `${plural(r.undoLists, 'undo list')}, ${plural(r.sleepers, 'sleeper')}; ` +
            `${Buffer.byteLength(r.text)} bytes to ${opts.output === '-' ? 'standard output' : opts.output}, ` +
            `the session held for ${r.ms.toFixed(1)} ms\n`,
        );
    });
}

// `semundo run [OPTIONS] -- COMMAND [ARGS...]`: the command's System V semaphore calls are served by the model.
import { accessSync, constants, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { PRODUCER } from '../api/version.js';
import { runSession, sessionSupport } from '../supervisor/run-session.js';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description("run COMMAND with its (and its descendants') System V semaphores served by semundo")
    .usage('[options] -- COMMAND [ARGS...]')
    .argument('<command...>', 'the command and its arguments')
    .option(
      '--no-proc',
      'leave opens alone: no virtual /proc/sysvipc/sem, /proc/sys/kernel/sem*, /proc/<pid>/semundo',
    )
    .option(
      '--save <file>',
      "write the session's image (format v1: its sets, values, times) to FILE when it ends",
    )
    .option(
      '--no-journal',
      "keep the session's state only in its server: if the server dies, the semaphores are lost",
    )
    .passThroughOptions()
    .action(async (argv: string[], opts: { proc: boolean; save?: string; journal: boolean }) => {
      const missing = sessionSupport();
      if (missing) {
        writeSync(2, `semundo run: ${missing}\n`);
        process.exit(125);
      }
      if (opts.save !== undefined) {
        const why = unwritable(opts.save);
        if (why) {
          writeSync(2, `semundo run: --save ${opts.save}: ${why}\n`);
          process.exit(125);
        }
      }
      const status = await runSession({
        argv,
        virtualFiles: opts.proc,
        journal: opts.journal,
        producer: `${PRODUCER} run`,
        ...(opts.save !== undefined && { save: { path: opts.save, producer: `${PRODUCER} run` } }),
      });
      process.exit(status);
    });
}

/** Why FILE cannot be written when the session ends (checked before the command runs), or null. */
function unwritable(file: string): string | null {
  try {
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) return 'is a directory';
    accessSync(dirname(file), constants.W_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? 'no such directory'
      : code === 'EACCES'
        ? 'permission denied'
        : (e as Error).message;
  }
}

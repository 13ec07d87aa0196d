// `semundo run [OPTIONS] -- COMMAND [ARGS...]`: the command's System V semaphore calls are served by the model.
import { writeSync } from 'node:fs';
import type { Command } from 'commander';
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
    .passThroughOptions()
    .action(async (argv: string[], opts: { proc: boolean }) => {
      const missing = sessionSupport();
      if (missing) {
        writeSync(2, `semundo run: ${missing}\n`);
        process.exit(125);
      }
      const status = await runSession({ argv, virtualFiles: opts.proc });
      process.exit(status);
    });
}

// `semundo run [OPTIONS] -- COMMAND [ARGS...]`: the command's System V semaphore calls are served by the model.
import { accessSync, constants, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { PRODUCER } from '../api/version.js';
import { runSession, sessionSupport } from '../supervisor/run-session.js';
import type { ImageBody } from '../image/index.js';

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
      '--restore <file>',
      'start from an image (semundo checkpoint): its sets, and its undo lists waiting for processes to adopt them',
    )
    .option(
      '--no-journal',
      "keep the session's state only in its server: if the server dies, the semaphores are lost",
    )
    .passThroughOptions()
    .action(
      async (argv: string[], opts: { proc: boolean; save?: string; journal: boolean; restore?: string }) => {
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
        const restore = opts.restore === undefined ? undefined : await restoreText(opts.restore);
        const status = await runSession({
          argv,
          virtualFiles: opts.proc,
          journal: opts.journal,
          producer: `${PRODUCER} run`,
          ...(restore !== undefined && { restore }),
          ...(opts.save !== undefined && { save: { path: opts.save, producer: `${PRODUCER} run` } }),
        });
        process.exit(status);
      },
    );
}

/** The text of the image to restore, checked whole; says what the session cannot have of it. Exits 125 when it is bad. */
async function restoreText(file: string): Promise<string> {
  // Loaded only here: a plain `semundo run` starts without them.
  const { decodeImage } = await import('../image/index.js');
  const { restoreLosses } = await import('../supervisor/restore-session.js');
  const { formatSops } = await import('./image-text.js');
  let text: string;
  let body: ImageBody;
  try {
    text = readFileSync(file, 'utf8');
    body = decodeImage(text).body;
  } catch (e) {
    writeSync(2, `semundo run: --restore ${file}: ${(e as Error).message}\n`);
    process.exit(125);
  }
  const lost = restoreLosses(body);
  const shown = lost.sleepers.slice(0, MAX_SLEEPERS_SHOWN);
  for (const s of shown)
    writeSync(
      2,
      `semundo run: --restore: pid ${s.pid} (tid ${s.tid}) was asleep on set ${s.call.semid} (${formatSops(s.call.sops)}); its call is not resumed\n`,
    );
  if (lost.sleepers.length > shown.length)
    writeSync(
      2,
      `semundo run: --restore: and ${lost.sleepers.length - shown.length} more calls asleep (semundo image inspect ${file})\n`,
    );
  for (const ns of lost.namespaces)
    writeSync(
      2,
      `semundo run: --restore: IPC namespace ipc:[${ns.inum}] (${ns.sets} sets) is not restored: no process of a new session can enter it\n`,
    );
  return text;
}

/** Sleepers of the image named one by one at a restore; the rest are counted. */
const MAX_SLEEPERS_SHOWN = 20;

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

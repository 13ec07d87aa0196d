// `semundo image inspect FILE`, `semundo image verify FILE`, `semundo image diff A B`: checkpoint images
// read, checked and compared. docs/cli.md describes them and their exit codes.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { decodeImage, type Image } from '../image/index.js';
import { diffLines } from './image-diff.js';
import { inspectLines } from './image-inspect.js';
import { formatCounts, imageCounts } from './image-text.js';
import { writeLines, type LineOutputResult } from './line-output.js';
import { Progress } from './progress.js';

/** inspect and verify: done, the image is valid. diff: the images hold the same state. */
export const EXIT_OK = 0;
/** inspect and verify: the image is invalid or cannot be read. diff: the images differ. */
export const EXIT_FAILED = 1;
/** Bad usage; and for diff, any trouble (an image invalid or unreadable). */
export const EXIT_USAGE = 2;

const STDIN = '-';

/** Why an image could not be had, as one line for standard error. */
class ImageInputError extends Error {}

function fsReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const m = /^[A-Z0-9_]+: ([^,]+)/.exec(err.message ?? '');
  if (m && err.code) return `${m[1]} (${err.code})`;
  return err.message ?? String(e);
}

const nameOf = (file: string) => (file === STDIN ? 'standard input' : file);

function readText(file: string): string {
  try {
    return readFileSync(file === STDIN ? 0 : file, 'utf8');
  } catch (e) {
    throw new ImageInputError(`cannot read ${nameOf(file)}: ${fsReason(e)}`);
  }
}

/** The image in `file` ("-": standard input), decoded and checked whole. */
function loadImage(file: string, progress: Progress): { text: string; image: Image } {
  progress.start(`reading ${nameOf(file)}`);
  try {
    const text = readText(file);
    progress.start(`checking ${nameOf(file)}`);
    try {
      return { text, image: decodeImage(text) };
    } catch (e) {
      throw new ImageInputError(`${nameOf(file)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  } finally {
    progress.end();
  }
}

const warn = (line: string) => process.stderr.write(`${line}\n`);

/** Reports an output that failed (other than a reader gone away): exit code 1 or 2. */
function outputTrouble(cmd: string, r: LineOutputResult, code: number): boolean {
  if (r.error === null) return false;
  warn(`semundo image ${cmd}: cannot write the output: ${fsReason(r.error)}`);
  process.exitCode = code;
  return true;
}

const eraseBeforeWrite = (progress: Progress) =>
  process.stdout.isTTY === true && progress.enabled ? () => progress.clear() : undefined;

async function inspect(file: string, o: { json?: boolean; quiet?: boolean }): Promise<void> {
  const progress = new Progress({ quiet: o.quiet });
  let loaded: { text: string; image: Image };
  try {
    loaded = loadImage(file, progress);
  } catch (e) {
    if (!(e instanceof ImageInputError)) throw e;
    warn(e.message);
    process.exitCode = EXIT_FAILED;
    return;
  }
  const lines = o.json ? [loaded.text.slice(0, -1)] : inspectLines(loaded.image, progress);
  const r = await writeLines(lines, { beforeWrite: eraseBeforeWrite(progress) });
  progress.end();
  if (!outputTrouble('inspect', r, EXIT_FAILED)) process.exitCode = EXIT_OK;
}

function verify(file: string, o: { quiet?: boolean }): void {
  const progress = new Progress({ quiet: o.quiet });
  try {
    const { image } = loadImage(file, progress);
    process.stdout.write(`ok: ${formatCounts(imageCounts(image))}\n`);
    process.exitCode = EXIT_OK;
  } catch (e) {
    if (!(e instanceof ImageInputError)) throw e;
    warn(e.message);
    process.exitCode = EXIT_FAILED;
  }
}

async function diff(fileA: string, fileB: string, o: { quiet?: boolean }): Promise<void> {
  const progress = new Progress({ quiet: o.quiet });
  let a: Image;
  let b: Image;
  try {
    if (fileA === STDIN && fileB === STDIN)
      throw new ImageInputError('only one of the images can be standard input');
    a = loadImage(fileA, progress).image;
    b = loadImage(fileB, progress).image;
  } catch (e) {
    if (!(e instanceof ImageInputError)) throw e;
    warn(e.message);
    process.exitCode = EXIT_USAGE;
    return;
  }
  const r = await writeLines(diffLines(a, b, progress), { beforeWrite: eraseBeforeWrite(progress) });
  progress.end();
  if (!outputTrouble('diff', r, EXIT_USAGE)) process.exitCode = r.lines === 0 ? EXIT_OK : EXIT_FAILED;
}

const FILE_HELP = 'the image file ("-": standard input)';
const QUIET_HELP =
  'no progress line (it is drawn on standard error only when that is a terminal, and never in CI)';

function exitCodes(...lines: string[]): string {
  return `\nExit codes:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

export function registerImageCommand(program: Command): void {
  const image = program
    .command('image')
    .description('checkpoint images: print one, check one, compare two')
    .addHelpText('after', exitCodes('0  done', '1  failed (see each command)', '2  bad usage'));
  const inspectCmd = image
    .command('inspect')
    .description(
      'print an image: its header, a table of semaphore sets per IPC namespace, processes, undo lists',
    )
    .argument('<file>', FILE_HELP)
    .option('--json', 'print the image as canonical JSON (after checking it), for scripts')
    .option('-q, --quiet', QUIET_HELP)
    .addHelpText(
      'after',
      exitCodes('0  printed', '1  the image is invalid or cannot be read', '2  bad usage'),
    )
    .action(inspect);
  const verifyCmd = image
    .command('verify')
    .description('check an image (shape, checksum, consistency) and print what it holds')
    .argument('<file>', FILE_HELP)
    .option('-q, --quiet', QUIET_HELP)
    .addHelpText(
      'after',
      exitCodes(
        '0  valid: "ok: ..." on standard output',
        '1  invalid or unreadable: the reason on standard error',
        '2  bad usage',
      ),
    )
    .action(verify);
  const diffCmd = image
    .command('diff')
    .description(
      'compare the states two images hold (not their bytes), one line per difference: old → new, added, removed',
    )
    .argument('<a>', FILE_HELP)
    .argument('<b>', FILE_HELP)
    .option('-q, --quiet', QUIET_HELP)
    .addHelpText(
      'after',
      exitCodes(
        '0  the same state',
        '1  they differ',
        '2  trouble: bad usage, or an image invalid or unreadable',
      ),
    )
    .action(diff);
  for (const c of [image, inspectCmd, verifyCmd, diffCmd])
    c.exitOverride((err) => process.exit(err.exitCode === 0 ? EXIT_OK : EXIT_USAGE));
}

// Writing many lines to standard output quickly: gathered into chunks of about 64 KiB, each written
// with one call, waiting when the reader is slower than we are, and stopping when it has gone away.

export interface LineOutputOptions {
  /** Default: process.stdout. */
  out?: NodeJS.WritableStream;
  /** Called before each chunk is written (e.g. to erase a progress line on the same terminal). */
  beforeWrite?: () => void;
  /** Characters gathered before a write; default 65536. */
  chunkSize?: number;
}

export interface LineOutputResult {
  /** How many lines were taken from `lines` (all of them unless the output failed). */
  lines: number;
  /** The reader went away (EPIPE) before the end: the rest was not written. */
  closed: boolean;
  /** Writing failed for another reason. */
  error: Error | null;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Writes each line of `lines` and a newline after it. */
export async function writeLines(
  lines: Iterable<string>,
  opts: LineOutputOptions = {},
): Promise<LineOutputResult> {
  const out = opts.out ?? process.stdout;
  const chunkSize = opts.chunkSize ?? 65536;
  const result: LineOutputResult = { lines: 0, closed: false, error: null };
  let failed = false;
  const onError = (e: NodeJS.ErrnoException) => {
    failed = true;
    if (e.code === 'EPIPE') result.closed = true;
    else result.error ??= e;
  };
  out.on('error', onError);
  const flush = async (chunk: string): Promise<void> => {
    opts.beforeWrite?.();
    if (out.write(chunk)) return nextTurn();
    await new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('error', done);
        resolve();
      };
      out.on('drain', done);
      out.on('error', done);
    });
  };
  let chunk = '';
  for (const line of lines) {
    chunk += line + '\n';
    result.lines++;
    if (chunk.length >= chunkSize) {
      await flush(chunk);
      chunk = '';
      if (failed) return result;
    }
  }
  if (chunk !== '') await flush(chunk);
  return result;
}

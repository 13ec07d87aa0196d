// Command-line options of the benchmark runner.

export interface Options {
  json: boolean;
  quick: boolean;
  writeResults: boolean;
  help: boolean;
}

export const USAGE = `usage: node dist/bench/run.js [--json] [--quick] [--write-results]
  --json           one JSON object per line per figure (progress goes to stderr)
  --quick          smaller sizes and fewer repetitions (under a minute)
  --write-results  rewrite bench/RESULTS.md with this run's figures (full runs only)`;

export function parseOptions(argv: readonly string[]): Options {
  const o: Options = { json: false, quick: false, writeResults: false, help: false };
  for (const a of argv) {
    if (a === '--json') o.json = true;
    else if (a === '--quick') o.quick = true;
    else if (a === '--write-results') o.writeResults = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown option "${a}"\n${USAGE}`);
  }
  if (o.quick && o.writeResults)
    throw new Error('--write-results records a full run: run it without --quick');
  return o;
}

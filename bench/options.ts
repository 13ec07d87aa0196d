// Command-line options of the benchmark runner.

export interface Options {
  json: boolean;
  quick: boolean;
  writeResults: boolean;
  help: boolean;
  /** Run only these suites (all when empty). */
  only: string[];
}

export const SUITES = ['semop', 'wakeup', 'memory', 'semundo', 'image', 'run'] as const;

export const USAGE = `usage: node dist/bench/run.js [--json] [--quick] [--write-results] [--only SUITE[,SUITE...]]
  --json           one JSON object per line per figure (progress goes to stderr)
  --quick          smaller sizes and fewer repetitions (under a minute)
  --write-results  rewrite bench/RESULTS.md with this run's figures (full runs only)
  --only SUITES    run only these suites: ${SUITES.join(', ')}`;

export function parseOptions(argv: readonly string[]): Options {
  const o: Options = { json: false, quick: false, writeResults: false, help: false, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') o.json = true;
    else if (a === '--only') o.only.push(...onlySuites(argv[++i]));
    else if (a === '--quick') o.quick = true;
    else if (a === '--write-results') o.writeResults = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown option "${a}"\n${USAGE}`);
  }
  if (o.quick && o.writeResults)
    throw new Error('--write-results records a full run: run it without --quick');
  if (o.only.length > 0 && o.writeResults)
    throw new Error('--write-results records every suite: run it without --only');
  return o;
}

function onlySuites(list: string | undefined): string[] {
  const names = (list ?? '').split(',').filter((n) => n !== '');
  const bad = names.filter((n) => !(SUITES as readonly string[]).includes(n));
  if (names.length === 0 || bad.length > 0)
    throw new Error(`--only takes suite names among ${SUITES.join(', ')}, got "${list ?? ''}"\n${USAGE}`);
  return names;
}

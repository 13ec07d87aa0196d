// `semundo scenario run FILE... [--backend model|host|both] [--json]`
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT_BAD_INPUT, runScenarioFiles, type BackendChoice } from '../scenario/run-files.js';

function concurrency(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new InvalidArgumentError('expected a whole number from 1 to 64');
  return n;
}

export function registerScenarioCommand(program: Command): void {
  const scenario = program
    .command('scenario')
    .description('scenario files: one test, two kernels (the model and the real one)');
  const run = scenario
    .command('run')
    .description('run scenario files on the model, on the real kernel, or on both and compare')
    .argument('<file...>', 'scenario files (.jsonl)')
    .addOption(
      new Option('--backend <backend>', 'where to run them')
        .choices(['model', 'host', 'supervised', 'both', 'all'])
        .default('both'),
    )
    .option('--json', 'print one JSON object per result line')
    .option('--ledger <file>', 'the ledger of known divergences (default: ledger.json next to each file)')
    .option('--concurrency <n>', 'how many files run at once', concurrency, 2)
    .action(
      async (
        files: string[],
        o: { backend: BackendChoice; json?: boolean; ledger?: string; concurrency: number },
      ) => {
        process.exitCode = await runScenarioFiles(files, {
          backend: o.backend,
          json: !!o.json,
          concurrency: o.concurrency,
          ...(o.ledger !== undefined && { ledger: o.ledger }),
          print: (l) => process.stdout.write(`${l}\n`),
          warn: (l) => process.stderr.write(`${l}\n`),
        });
      },
    );
  // Commander's own usage errors (unknown option, bad choice, no file) are bad input too.
  run.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : EXIT_BAD_INPUT));
}

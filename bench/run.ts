// The benchmark runner: `npm run bench -- [--json] [--quick] [--write-results]`.
import type { Figure } from './figure.js';
import { imageSuite } from './image-suite.js';
import { cpuBusyShare, describeMachine } from './machine.js';
import { memorySuite } from './memory-suite.js';
import { USAGE, parseOptions } from './options.js';
import { RESULTS_FILE } from './paths.js';
import { FULL, QUICK } from './plan.js';
import { jsonLine } from './report-json.js';
import { renderTable } from './report-table.js';
import { writeResults } from './results-file.js';
import { semopSuite } from './semop-suite.js';
import { runSuite } from './run-suite.js';
import { semundoSuite } from './semundo-suite.js';
import { nowNs, secondsSince } from './stats.js';
import { wakeupSuite } from './wakeup-suite.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  if (opts.help) return log(USAGE);
  const plan = opts.quick ? QUICK : FULL;
  const machine = describeMachine();
  const busyBefore = opts.writeResults ? await cpuBusyShare() : null;
  const started = new Date();
  const t0 = nowNs();
  const wanted = (suite: string): boolean => opts.only.length === 0 || opts.only.includes(suite);
  const figures: Figure[] = [
    ...(wanted('semop') ? await semopSuite(plan, log) : []),
    ...(wanted('wakeup') ? await wakeupSuite(plan, log) : []),
    ...(wanted('memory') ? memorySuite(plan, log) : []),
    ...(wanted('semundo') ? await semundoSuite(plan, log) : []),
    ...(wanted('image') ? await imageSuite(plan, log) : []),
    ...(wanted('run') ? await runSuite(plan, log) : []),
  ];
  const seconds = secondsSince(t0);
  log(`done in ${seconds.toFixed(1)} s`);
  if (opts.json) for (const f of figures) process.stdout.write(`${jsonLine(f)}\n`);
  else process.stdout.write(`${renderTable(figures)}\n`);
  if (opts.writeResults) {
    writeResults(RESULTS_FILE, figures, machine, { date: started, seconds, busyBefore });
    log(`wrote ${RESULTS_FILE}`);
  }
  const missed = figures.filter((f) => f.goal && !f.goal.met);
  for (const f of missed) log(`goal not met: ${f.name} vs ${f.baseline ?? 'nothing'} (${f.goal!.text})`);
}

main().catch((e: unknown) => {
  log(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});

#!/usr/bin/env node
// The `semundo` command. Only the module of the command being run is loaded (all of them for help):
// `semundo run` starts in the time its own code needs.
import { Command } from 'commander';

type Register = (program: Command) => void;

/** Each command's module, by the names it registers. */
const MODULES: Record<string, () => Promise<Register>> = {
  demo: async () => registerDemoCommand,
  run: async () => (await import('./run-command.js')).registerRunCommand,
  ps: async () => (await import('./session-commands.js')).registerSessionCommands,
  scenario: async () => (await import('./scenario-command.js')).registerScenarioCommand,
  host: async () => (await import('./host-command.js')).registerHostCommand,
  image: async () => (await import('./image-command.js')).registerImageCommand,
  undo: async () => (await import('./undo-command.js')).registerUndoCommand,
  checkpoint: async () => (await import('./checkpoint-command.js')).registerCheckpointCommand,
};
const ALIASES: Record<string, string> = { ipcs: 'ps' };

function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'a narrated walk-through of SEM_UNDO on the model kernel, then of real processes under semundo run',
    )
    .action(async () => {
      const { runDemo } = await import('./demo.js');
      await runDemo((line) => console.log(line));
    });
}

const name = process.argv[2] ?? '';
if (name === 'run') (await import('../supervisor/serving-thread.js')).prestartSession();

const program = new Command();
program
  .name('semundo')
  .description('Linux System V semaphores in user space, with readable and writable undo lists')
  .enablePositionalOptions();

const wanted = ALIASES[name] ?? name;
for (const key of Object.keys(MODULES))
  if (!(wanted in MODULES) || key === wanted) (await MODULES[key]!())(program);

await program.parseAsync(process.argv);

#!/usr/bin/env node
// The `semundo` command.
import { Command } from 'commander';
import { runDemo } from './demo.js';
import { registerHostCommand } from './host-command.js';
import { registerImageCommand } from './image-command.js';
import { registerRunCommand } from './run-command.js';
import { registerSessionCommands } from './session-commands.js';
import { registerScenarioCommand } from './scenario-command.js';

const program = new Command();
program
  .name('semundo')
  .description('Linux System V semaphores in user space, with readable and writable undo lists')
  .enablePositionalOptions();

program
  .command('demo')
  .description('a narrated walk-through of SEM_UNDO on the model kernel')
  .action(async () => {
    await runDemo((line) => console.log(line));
  });

registerRunCommand(program);
registerSessionCommands(program);
registerScenarioCommand(program);
registerHostCommand(program);
registerImageCommand(program);

await program.parseAsync(process.argv);

// Errors of scenario files and runs: bad input names the file, the line and the field.

/** A scenario file (or ledger) that is refused: nothing of it runs. */
export class ScenarioInputError extends Error {
  override name = 'ScenarioInputError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly field: string | null,
    readonly problem: string,
  ) {
    super(
      `${file}${line !== null ? `:${line}` : ''}: ${field !== null ? `field "${field}": ` : ''}${problem}`,
    );
  }
}

/** A scenario that cannot go on at run time (e.g. a call from a task that is asleep in semop). */
export class ScenarioRunError extends Error {
  override name = 'ScenarioRunError';
  constructor(
    readonly step: number,
    problem: string,
  ) {
    super(`step ${step}: ${problem}`);
  }
}

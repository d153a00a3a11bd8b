import { Command, CommanderError } from 'commander';
import { EXIT } from './cli-arguments.js';
import type { CliContext } from './cli-context.js';
import { configCommand } from './commands/config-command.js';
import { demoCommand } from './commands/demo-command.js';
import { ingestCommand } from './commands/ingest-command.js';
import { reportCommand } from './commands/report-command.js';
import { sampleCommand } from './commands/sample-command.js';

/**
 * Errors that mean "the input is wrong", not "something broke": bad arguments, config, payload,
 * period id. Matched by name so this module does not load the pipelines to recognise them.
 */
const USAGE_ERRORS = new Set(['CliUsageError', 'ConfigError', 'PayloadError', 'PeriodIdError', 'CalendarInputError', 'SampleOptionsError']);

export const buildProgram = (context: CliContext): Command => {
  const program = new Command('funnel-review')
    .description('Weekly, monthly and quarterly funnel review packs for marketing and sales, run locally.')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .exitOverride();
  const configure = (command: Command): Command =>
    command
      .showHelpAfterError('(add --help for usage)')
      .configureOutput({ writeOut: (text) => context.stdout.write(text), writeErr: (text) => context.stderr.write(text) })
      .exitOverride();
  for (const command of [demoCommand(context), sampleCommand(context), ingestCommand(context), reportCommand(context), configCommand(context)]) {
    program.addCommand(configure(command));
    for (const subcommand of command.commands) configure(subcommand);
  }
  return program;
};

/** Runs the CLI and returns the exit code: 0 ok, 1 runtime failure, 2 bad arguments or config. */
export const runCli = async (argv: readonly string[], context: CliContext): Promise<number> => {
  const program = buildProgram(context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; commander has already printed the message.
      // `--help` asked for exits 0; help shown because no command was given is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof Error && USAGE_ERRORS.has(error.name)) {
      context.stderr.write(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    context.stderr.write(`error: ${name}: ${message}\n`);
    if (process.env.FUNNEL_REVIEW_DEBUG && error instanceof Error && error.stack) context.stderr.write(`${error.stack}\n`);
    return EXIT.failure;
  }
};

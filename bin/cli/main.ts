import { runCli } from './cli-program.js';
import { createProgressReporter } from './progress-reporter.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  progress: createProgressReporter(process.stdout),
  cwd: process.cwd(),
});

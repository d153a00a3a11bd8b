import { Option, type Command } from 'commander';
import { parseDateArgument } from '../cli-arguments.js';
import { DEFAULT_CONFIG_FILE } from '../cli-config.js';
import { DEFAULT_DATA_DIR } from '../data-dir.js';

export const addCommonOptions = (command: Command): Command =>
  command
    .option('--data-dir <dir>', 'local data folder (landing/, lake/, reports/, outbox/)', DEFAULT_DATA_DIR)
    .option('--config <file>', `config file (default: ./${DEFAULT_CONFIG_FILE} if present, else the built-in sample config)`);

export const asOfOption = (): Option =>
  new Option('--as-of <date>', 'the date the run pretends it is (default: today in the reporting time zone)').argParser(parseDateArgument);

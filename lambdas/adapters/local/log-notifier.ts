import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { OpsNotifier } from '../../pipeline/runtime-deps.js';
import { asLocalStorageError } from './local-storage-error.js';

/**
 * Local stand-in for the ops topic: appends each notification to a file (when given) and
 * prints it to stderr.
 */
export class LogNotifier implements OpsNotifier {
  constructor(
    private readonly file?: string,
    private readonly write: (text: string) => void = (text) => process.stderr.write(text),
  ) {}

  async notify(subject: string, message: string): Promise<void> {
    const entry = `--- ${new Date().toISOString()} ${subject}\n${message}\n`;
    if (this.file !== undefined) {
      try {
        await mkdir(dirname(this.file), { recursive: true });
        await appendFile(this.file, entry, 'utf8');
      } catch (error) {
        throw asLocalStorageError(error, this.file);
      }
    }
    this.write(`[ops] ${subject}\n${message}\n`);
  }
}

/**
 * Progress for long CLI steps. On a terminal: one line redrawn in place with a spinner, a count
 * and a bar. Anywhere else (CI logs, pipes, tests): plain lines, at most one per tenth of the work,
 * so logs stay short.
 */

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ProgressStep {
  /** `done` of `total` units finished; `detail` names the current item (a date, a pack). */
  update(done: number, detail?: string): void;
  /** Ends the step with a final line. */
  finish(summary: string): void;
  fail(summary: string): void;
}

export interface ProgressReporter {
  start(label: string, total: number): ProgressStep;
  /** A line of its own (never redrawn). */
  line(text: string): void;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
const BAR_WIDTH = 20;
/** Redraws at most this often, so a fast loop does not spend its time painting. */
const REDRAW_MS = 80;

const bar = (done: number, total: number): string => {
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * BAR_WIDTH) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
};

const elapsedText = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

export const createProgressReporter = (stream: ProgressStream, now: () => number = Date.now): ProgressReporter => {
  const interactive = stream.isTTY === true;
  return {
    line: (text) => {
      stream.write(`${text}\n`);
    },
    start: (label, total) => {
      const startedAt = now();
      let frame = 0;
      let lastDraw = 0;
      let nextTenth = 1;
      let ended = false;
      const clear = (): void => {
        if (interactive) stream.write('\r\x1b[2K');
      };
      const end = (mark: string, summary: string): void => {
        if (ended) return;
        ended = true;
        clear();
        stream.write(`${mark} ${label}: ${summary} (${elapsedText(now() - startedAt)})\n`);
      };
      if (!interactive) stream.write(`${label}…\n`);
      return {
        update: (done, detail) => {
          if (ended) return;
          if (interactive) {
            const time = now();
            if (time - lastDraw < REDRAW_MS && done < total) return;
            lastDraw = time;
            frame = (frame + 1) % SPINNER.length;
            const text = `${SPINNER[frame]} ${label} ${bar(done, total)} ${done}/${total}${detail ? ` ${detail}` : ''}`;
            const width = stream.columns ?? 100;
            stream.write(`\r\x1b[2K${text.slice(0, Math.max(10, width - 1))}`);
            return;
          }
          // Plain output: a line at each tenth of the way.
          if (total > 0 && done >= (total * nextTenth) / 10) {
            while (done >= (total * nextTenth) / 10) nextTenth += 1;
            stream.write(`  ${label}: ${done}/${total}${detail ? ` (${detail})` : ''}\n`);
          }
        },
        finish: (summary) => end('✔', summary),
        fail: (summary) => end('✖', summary),
      };
    },
  };
};

/** Discards everything (library use, `--quiet`). */
export const silentProgress: ProgressReporter = {
  line: () => undefined,
  start: () => ({ update: () => undefined, finish: () => undefined, fail: () => undefined }),
};

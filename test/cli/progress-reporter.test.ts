import { describe, expect, it } from 'vitest';
import { createProgressReporter } from '../../bin/cli/progress-reporter.js';

const recorder = (isTTY: boolean) => {
  const chunks: string[] = [];
  return { stream: { isTTY, columns: 80, write: (text: string) => chunks.push(text) }, chunks };
};

/** A clock that moves 100 ms per reading, so every update is due for a redraw. */
const steppingClock = () => {
  let time = 0;
  return () => (time += 100);
};

describe('progress reporter', () => {
  it('prints plain lines at each tenth of the work when not on a terminal', () => {
    const { stream, chunks } = recorder(false);
    const step = createProgressReporter(stream, steppingClock()).start('Ingesting', 20);

    for (let done = 1; done <= 20; done += 1) step.update(done);
    step.finish('20 dates');

    expect(chunks).toHaveLength(1 + 10 + 1);
    expect(chunks[0]).toBe('Ingesting…\n');
    expect(chunks[1]).toBe('  Ingesting: 2/20\n');
    expect(chunks[chunks.length - 1]).toMatch(/^✔ Ingesting: 20 dates \(\d+ ms\)\n$/);
  });

  it('redraws one line in place on a terminal, then ends it', () => {
    const { stream, chunks } = recorder(true);
    const step = createProgressReporter(stream, steppingClock()).start('Ingesting', 4);

    step.update(2, '2026-03-02');
    step.finish('4 dates');

    const clearLine = '\r\u001b[2K';
    expect(chunks[0]?.startsWith(clearLine)).toBe(true);
    expect(chunks[0]?.slice(clearLine.length)).toMatch(/^. Ingesting \[#{10}-{10}\] 2\/4 2026-03-02$/);
    expect(chunks.slice(1).join('').startsWith(clearLine)).toBe(true);
    expect(chunks.slice(1).join('').slice(clearLine.length)).toMatch(/^✔ Ingesting: 4 dates \(\d+ ms\)\n$/);
  });

  it('marks a failed step and ignores updates after it ends', () => {
    const { stream, chunks } = recorder(false);
    const step = createProgressReporter(stream, steppingClock()).start('Ingesting', 10);

    step.fail('stopped after 3 of 10 dates');
    step.update(10);

    expect(chunks.slice(1)).toEqual([expect.stringMatching(/^✖ Ingesting: stopped after 3 of 10 dates/)]);
  });
});

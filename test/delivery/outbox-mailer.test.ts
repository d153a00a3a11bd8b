import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutboxMailer } from '../../lambdas/adapters/local/outbox-mailer.js';
import { composeTeamMessage } from '../../lambdas/delivery/mime-composer.js';
import type { RenderedParts } from '../../lambdas/pipeline/pack-producer.js';
import { testConfig } from '../pipeline/report-fixtures.js';

const parts: RenderedParts = { subject: 'Weekly review', headline: 'h', html: '<p>x</p>', text: 'x', csv: 'a\n', json: '{}', charts: [] };

describe('OutboxMailer', () => {
  it('writes <cadence>-<period>-<team>.eml and never overwrites a re-send', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outbox-'));
    const mailer = new OutboxMailer(dir);
    const message = await composeTeamMessage({ config: testConfig(), cadence: 'weekly', periodId: '2026-W47', team: 'sales', parts, date: new Date() });

    const first = await mailer.send(message);
    await mailer.send(message);

    expect((await readdir(dir)).sort()).toEqual(['weekly-2026-W47-sales-2.eml', 'weekly-2026-W47-sales.eml']);
    expect(first.messageId).toMatch(/^<.+@example\.com>$/);
    expect(Buffer.compare(await readFile(join(dir, 'weekly-2026-W47-sales.eml')), Buffer.from(message.raw))).toBe(0);
  });

  it('names a message without the pack header by its subject and team', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outbox-'));

    await new OutboxMailer(dir).send({ team: 'ops', from: 'a@example.com', to: ['b@example.com'], subject: 'Hello, World!', raw: Buffer.from('Subject: x\r\n\r\nbody') });

    expect(await readdir(dir)).toEqual(['hello-world-ops.eml']);
  });
});

import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../lambdas/pipeline/payload-error.js';
import { runReportRequest } from '../../lambdas/pipeline/report-request.js';
import { ingestDays, RecordingSlackPoster, testConfig, testRig, WEEK_47_DAYS } from './report-fixtures.js';

const TESTERS = ['qa@example.com', 'ops-lead@example.com'];

const testRigWithTesters = async () => {
  const rig = testRig({ config: testConfig('banner', { testRecipients: TESTERS }) });
  await ingestDays(rig.lake, WEEK_47_DAYS);
  return rig;
};

describe('test sends', () => {
  it('sends each team’s copy only to the test recipients, marked [Test] in the subject', async () => {
    const rig = await testRigWithTesters();

    const outcome = await runReportRequest({ cadence: 'weekly', test: true }, rig.deps, { producePack: rig.producer });

    expect(outcome.status).toBe('test-sent');
    expect(rig.mailer.sent.map((m) => [m.team, m.to, m.subject])).toEqual([
      ['marketing', TESTERS, '[Test] Weekly funnel review 2026-W47: revenue $120k, on track'],
      ['sales', TESTERS, '[Test] Weekly funnel review 2026-W47: revenue $120k, on track'],
    ]);
    const raw = Buffer.from(rig.mailer.sent[1]?.raw ?? []).toString('utf8');
    expect(raw).toContain('X-Funnel-Review-Test: yes');
    expect(raw).toContain('Subject: [Test] Weekly funnel review 2026-W47');
    expect(raw).not.toContain('sales-lead@example.com');
    expect(raw).toContain('<h1>Funnel review 2026-W47 for sales</h1>');
  });

  it('records and archives apart from the pack: no delivery record, no pack archive, no claim', async () => {
    const rig = await testRigWithTesters();

    const outcome = await runReportRequest({ cadence: 'weekly', test: true, teams: ['sales'] }, rig.deps, { producePack: rig.producer });

    const prefix = 'test-sends/weekly/2026-W47/2026-11-24T12-00-00-000Z-test-invocation/';
    expect(outcome.archivePrefix).toBe(prefix);
    expect(rig.reports.keys()).toEqual([`${prefix}email.html`, `${prefix}sales.eml`, `${prefix}sales.json`]);
    expect(rig.reports.json(`${prefix}sales.json`)).toEqual({
      cadence: 'weekly',
      periodId: '2026-W47',
      team: 'sales',
      test: true,
      recipients: 2,
      invocationId: 'test-invocation',
      status: 'sent',
      messageId: 'msg-1-sales',
      at: '2026-11-24T12:00:00.000Z',
    });
  });

  it('may be repeated, and leaves the real delivery to go out as usual afterwards', async () => {
    const rig = await testRigWithTesters();
    await runReportRequest({ cadence: 'weekly', test: true }, rig.deps, { producePack: rig.producer });
    await runReportRequest({ cadence: 'weekly', test: true }, { ...rig.deps, invocationId: 'second-test' }, { producePack: rig.producer });

    const real = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(real.status).toBe('sent');
    expect(rig.mailer.sent.map((m) => (m.subject.startsWith('[Test]') ? `test:${m.team}` : `real:${m.team}`))).toEqual([
      'test:marketing',
      'test:sales',
      'test:marketing',
      'test:sales',
      'real:marketing',
      'real:sales',
    ]);
    expect(rig.mailer.sent.slice(4).map((m) => m.to)).toEqual([['mkt-lead@example.com', 'cmo@example.com'], ['sales-lead@example.com']]);
  });

  it('posts nothing to Slack', async () => {
    const rig = await testRigWithTesters();
    const slack = new RecordingSlackPoster();

    await runReportRequest({ cadence: 'weekly', test: true }, { ...rig.deps, slack }, { producePack: rig.producer });

    expect(slack.posts).toEqual([]);
  });

  it.each([
    ['no test recipients in the config', { cadence: 'weekly', test: true }, ['test: no testRecipients in the config to send a test to']],
    // The payload's own shape is checked first, before the config is consulted.
    ['a test that is also a dry run', { cadence: 'weekly', test: true, dryRun: true }, ['test: a test send sends; leave out dryRun (or test)']],
    ['a forced test', { cadence: 'weekly', test: true, force: true }, ['test: a test send may always be repeated; leave out force']],
  ])('refuses %s, writing and sending nothing', async (_name, payload, problems) => {
    const rig = testRig();

    const error = (await runReportRequest(payload, rig.deps, { producePack: rig.producer }).catch((e: unknown) => e)) as PayloadError;

    expect(error).toBeInstanceOf(PayloadError);
    expect([...error.problems].sort()).toEqual([...problems].sort());
    expect(rig.reports.keys()).toEqual([]);
    expect(rig.mailer.sent).toEqual([]);
  });
});

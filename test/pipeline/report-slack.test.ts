import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/config/load-config.js';
import { DeliveryFailedError } from '../../lambdas/delivery/delivery-errors.js';
import type { DeliveryRecord } from '../../lambdas/delivery/delivery-ledger.js';
import { assertDelivered, runReportRequest } from '../../lambdas/pipeline/report-request.js';
import { SlackPostUnknownError } from '../../lambdas/ports/slack-poster.js';
import { ingestDays, RecordingSlackPoster, testRig, WEEK_47_DAYS } from './report-fixtures.js';
import type { PackLinker } from '../../lambdas/ports/pack-links.js';

const W47 = 'weekly/2026-W47/';

/** Sales posts to Slack (from the secret named); marketing has email only. */
const slackConfigInput = (webhookSecret: string, onMissingData: 'hold' | 'banner' = 'banner') => ({
  reporting: { timeZone: 'America/New_York', currency: 'USD' },
  sender: { address: 'reports@example.com' },
  teams: {
    marketing: { name: 'Marketing', recipients: ['mkt-lead@example.com'] },
    sales: { name: 'Sales', recipients: ['sales-lead@example.com'], slack: { webhookSecret } },
  },
  freshness: { onMissingData },
  sources: {
    crm: { dataset: 'funnel_events', shape: 'events', format: { type: 'ndjson' } },
    ads: { dataset: 'marketing_spend', shape: 'events', format: { type: 'ndjson' } },
  },
});
const slackConfig = (onMissingData: 'hold' | 'banner' = 'banner') => parseConfig(slackConfigInput('FunnelReview/slack/sales', onMissingData));

/** Links as the pack pages' signer makes them: to `/open`, signed (see lambdas/adapters/aws/cloudfront-pack-links.ts). */
const signedLinks: PackLinker = {
  linksFor: async (cadence, periodId) => ({
    page: `https://packs.example.com/open?to=%2F${cadence}%2F${periodId}%2Findex.html&Signature=s`,
    csv: `https://packs.example.com/open?to=%2F${cadence}%2F${periodId}%2Fmetrics.csv&Signature=s`,
    archive: 'https://packs.example.com/open?to=%2Findex.html&Signature=s',
  }),
};

const rigWithSlack = async (options: { onMissingData?: 'hold' | 'banner'; days?: readonly string[]; packLinks?: PackLinker } = {}) => {
  const rig = testRig({ config: slackConfig(options.onMissingData) });
  const slack = new RecordingSlackPoster();
  await ingestDays(rig.lake, options.days ?? WEEK_47_DAYS);
  const deps = { ...rig.deps, slack, ...(options.packLinks === undefined ? {} : { packLinks: options.packLinks }) };
  return { ...rig, slack, deps };
};

describe('Slack delivery', () => {
  it('posts the verdict and the KPI tiles to the team with a webhook, once, beside its email', async () => {
    const rig = await rigWithSlack();

    const outcome = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(outcome.status).toBe('sent');
    expect(outcome.slack).toEqual([{ team: 'sales', status: 'sent', messageId: 'slack:weekly/2026-W47/sales', attempt: 1 }]);
    expect(rig.slack.posts.map((post) => [post.team, post.webhookSecret])).toEqual([['sales', 'FunnelReview/slack/sales']]);
    const text = JSON.stringify(rig.slack.posts[0]?.payload);
    expect(text).toContain('On track: revenue is at 61% of the Q4 goal with 58% of the period gone.');
    expect(text).toContain('*Revenue*\\n$120k (+12% WoW)');
    expect(text).toContain('*Pipeline created*\\n$410k (−3% WoW)');
    expect(text).toContain('*SQLs*\\n42\\n_4-wk avg 38_');
    expect(rig.reports.json<DeliveryRecord>(`deliveries/${W47}sales.slack.json`)).toMatchObject({ channel: 'slack', status: 'sent', attempt: 1 });
    expect(rig.reports.json(`${W47}sales.slack.json`)).toEqual(rig.slack.posts[0]?.payload);
    expect(rig.mailer.sent.map((m) => m.team)).toEqual(['marketing', 'sales']);
  });

  it('links the pack’s web page when it is archived, and points to the email when it is not', async () => {
    const withPage = await rigWithSlack({ packLinks: signedLinks });
    await withPage.reports.put(`${W47}index.html`, '<html></html>');
    const without = await rigWithSlack({ packLinks: signedLinks });

    await runReportRequest({ cadence: 'weekly' }, withPage.deps, { producePack: withPage.producer });
    await runReportRequest({ cadence: 'weekly' }, without.deps, { producePack: without.producer });

    expect(JSON.stringify(withPage.slack.posts[0]?.payload)).toContain('<https://packs.example.com/open?to=%2Fweekly%2F2026-W47%2Findex.html&Signature=s|Open the full pack>');
    expect(JSON.stringify(without.slack.posts[0]?.payload)).not.toContain('packs.example.com');
    expect(JSON.stringify(without.slack.posts[0]?.payload)).toContain('The full pack, its charts and the CSV are in your email.');
  });

  it('a repeated run posts nothing again', async () => {
    const rig = await rigWithSlack();
    await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    const again = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(again.status).toBe('already-sent');
    expect(again.slack).toEqual([{ team: 'sales', status: 'already-sent', attempt: 1, messageId: 'slack:weekly/2026-W47/sales' }]);
    expect(rig.slack.postsTo('sales')).toBe(1);
    expect(rig.producer.calls).toBe(1);
  });

  it('a refused post is recorded, tells ops, fails the invocation, and the retry posts without re-sending the email', async () => {
    const rig = await rigWithSlack();
    rig.slack.failFor.add('sales');

    const first = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(first.status).toBe('partially-sent');
    expect(() => assertDelivered(first)).toThrow(DeliveryFailedError);
    expect(() => assertDelivered(first)).toThrow('weekly pack 2026-W47 was not delivered to team sales (Slack) (Error: Slack answered 500 for team sales)');
    expect(rig.notifier.notes.map((note) => note.subject)).toEqual(['Funnel Review: weekly pack 2026-W47 not delivered']);
    expect(rig.notifier.notes[0]?.message).toContain('sales (Slack) (Error: Slack answered 500 for team sales)');

    rig.slack.failFor.clear();
    const retry = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(retry.status).toBe('sent');
    expect(retry.deliveries.map((d) => d.status)).toEqual(['already-sent', 'already-sent']);
    expect(retry.slack.map((d) => [d.status, d.attempt])).toEqual([['sent', 2]]);
    expect(rig.mailer.sent).toHaveLength(2);
    expect(rig.slack.postsTo('sales')).toBe(1);
  });

  it('a post whose outcome is unknown is not retried on its own: ops decide', async () => {
    const rig = await rigWithSlack();
    const slack = { post: async () => Promise.reject(new SlackPostUnknownError('sales', 'no answer within 10000 ms')) };

    const first = await runReportRequest({ cadence: 'weekly' }, { ...rig.deps, slack }, { producePack: rig.producer });
    const retry = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(first.status).toBe('needs-attention');
    expect(rig.reports.json<DeliveryRecord>(`deliveries/${W47}sales.slack.json`)?.status).toBe('sending');
    expect(rig.notifier.notes.map((note) => note.subject)).toContain('Funnel Review: weekly pack 2026-W47 needs a decision');
    expect(retry.slack.map((d) => d.status)).toEqual(['in-progress']);
    expect(rig.slack.posts).toEqual([]);
  });

  it('posts nothing for a dry run or a held pack', async () => {
    const dry = await rigWithSlack();
    const held = await rigWithSlack({ onMissingData: 'hold', days: WEEK_47_DAYS.slice(1) });

    const dryRun = await runReportRequest({ cadence: 'weekly', dryRun: true }, dry.deps, { producePack: dry.producer });
    const heldRun = await runReportRequest({ cadence: 'weekly' }, held.deps, { producePack: held.producer });

    expect([dryRun.status, heldRun.status]).toEqual(['dry-run', 'held']);
    expect([...dry.slack.posts, ...held.slack.posts]).toEqual([]);
  });

  it('carries the data-gap line when days are missing', async () => {
    const rig = await rigWithSlack({ days: WEEK_47_DAYS.filter((day) => day !== '2026-11-18') });

    await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(JSON.stringify(rig.slack.posts[0]?.payload)).toContain(':warning: *Data incomplete: 2026-11-18 missing*');
  });
});

describe('a Slack webhook secret outside the stack’s prefix', () => {
  it('is refused by the config schema, naming the field and the prefix', () => {
    expect(() => parseConfig(slackConfigInput('prod/slack-webhook'))).toThrow('teams.sales.slack.webhookSecret: must start with "FunnelReview/slack/" (deploy.stackName + "/slack/"): the report function may read only those secrets');
  });
});

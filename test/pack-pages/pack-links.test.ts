import { createVerify } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloudFrontPackLinker } from '../../lambdas/adapters/aws/cloudfront-pack-links.js';
import { FilePackLinker } from '../../lambdas/adapters/local/file-pack-links.js';
import { packPageKey } from '../../lambdas/pack-pages/page-keys.js';
import { generateSigningKeyPair } from '../../lambdas/pack-pages/signing-key.js';
import { fixedClock } from '../../lambdas/ports/clock.js';

const keys = generateSigningKeyPair();
const fromCloudFrontBase64 = (text: string) => Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');

describe('pack links', () => {
  it('names a pack’s web page by cadence and period', () => {
    expect(packPageKey('weekly', '2026-W47')).toBe('weekly/2026-W47/index.html');
  });

  it('links files of the reports folder locally', async () => {
    const links = await new FilePackLinker('/data/reports').linksFor('monthly', '2026-11');

    expect(links).toEqual({
      page: `file://${path.resolve('/data/reports/monthly/2026-11/index.html')}`,
      csv: `file://${path.resolve('/data/reports/monthly/2026-11/metrics.csv')}`,
      archive: `file://${path.resolve('/data/reports/index.html')}`,
    });
  });

  it('signs each AWS link for the open endpoint, valid for the configured days with the key group’s key', async () => {
    const linker = new CloudFrontPackLinker(
      { siteUrl: 'https://d111111abcdef8.cloudfront.net/', linkDays: 400, signingKey: async () => ({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: keys.privateKeyPem }) },
      fixedClock('2026-11-24T07:00:00Z'),
    );

    const { page, csv, archive } = await linker.linksFor('weekly', '2026-W47');

    // 2026-11-24T07:00Z plus 400 days: 2027-12-29T07:00Z = 1,795,546,800 − 12 h × 3,600 + 400 × 86,400 = 1,830,063,600.
    const url = new URL(page);
    expect(`${url.origin}${url.pathname}?to=${url.searchParams.get('to')}`).toBe('https://d111111abcdef8.cloudfront.net/open?to=/weekly/2026-W47/index.html');
    expect([url.searchParams.get('Expires'), url.searchParams.get('Key-Pair-Id'), url.searchParams.get('Hash-Algorithm')]).toEqual(['1830063600', 'K2JCJMDEHXQW5F', 'SHA256']);
    // A canned policy: CloudFront signs the resource (the URL up to its signature) and the expiry.
    const resource = page.slice(0, page.indexOf('&Expires='));
    const verify = createVerify('RSA-SHA256');
    verify.update(JSON.stringify({ Statement: [{ Resource: resource, Condition: { DateLessThan: { 'AWS:EpochTime': 1830063600 } } }] }));
    expect(verify.verify(keys.publicKeyPem, fromCloudFrontBase64(url.searchParams.get('Signature')!))).toBe(true);
    expect(new URL(csv).searchParams.get('to')).toBe('/weekly/2026-W47/metrics.csv');
    expect(new URL(archive).searchParams.get('to')).toBe('/index.html');
  });
});

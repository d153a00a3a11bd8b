import { createVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isPackPath, openResponse, sessionPolicy } from '../../lambdas/pack-pages/open-link.js';
import { generateSigningKeyPair } from '../../lambdas/pack-pages/signing-key.js';

const keys = generateSigningKeyPair();
const key = { keyPairId: 'K2JCJMDEHXQW5F', privateKey: keys.privateKeyPem };
const now = new Date('2026-11-24T07:00:00Z');

/** CloudFront's URL-safe base64: `+` → `-`, `=` → `_`, `/` → `~`. */
const fromCloudFrontBase64 = (text: string) => Buffer.from(text.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64');

const cookie = (cookies: readonly string[] | undefined, name: string) => {
  const found = cookies?.find((entry) => entry.startsWith(`${name}=`));
  return found?.slice(name.length + 1, found.indexOf(';'));
};

describe('open link', () => {
  it('accepts the archive index and files of a pack, and nothing else', () => {
    expect(['/index.html', '/weekly/2026-W47/index.html', '/monthly/2026-11/metrics.csv', '/weekly/2026-W47/charts/funnel.png'].filter(isPackPath)).toHaveLength(4);
    expect(['//evil.example/x', 'https://evil.example/', '/weekly/../deliveries/x.json', '/deliveries/weekly/2026-W47/sales.json', '/weekly/2026-W47/a/b/c', ''].filter(isPackPath)).toEqual([]);
  });

  it('redirects to the pack and sets session cookies that expire with the session', () => {
    const response = openResponse({ to: '/weekly/2026-W47/index.html', now, sessionHours: 12, key });

    expect(response.statusCode).toBe(302);
    expect(response.headers).toMatchObject({ Location: '/weekly/2026-W47/index.html', 'Cache-Control': 'no-store' });
    expect(cookie(response.cookies, 'CloudFront-Key-Pair-Id')).toBe('K2JCJMDEHXQW5F');
    for (const entry of response.cookies ?? []) expect(entry).toMatch(/; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=43200$/);
    // 07:00 plus 12 hours: 2026-11-24T19:00Z = 2026-01-01 (epoch 1,767,225,600) + 327 days × 86,400 + 19 h × 3,600 = 1,795,546,800.
    const policy = JSON.parse(fromCloudFrontBase64(cookie(response.cookies, 'CloudFront-Policy')!).toString('utf8'));
    expect(policy).toEqual({ Statement: [{ Resource: 'https://*/*', Condition: { DateLessThan: { 'AWS:EpochTime': 1795546800 } } }] });
  });

  it('signs the cookie policy with the private key, so the key group’s public key verifies it', () => {
    const response = openResponse({ to: '/index.html', now, sessionHours: 1, key });
    const policy = sessionPolicy(new Date(now.getTime() + 3_600_000));
    const verify = createVerify('RSA-SHA256');
    verify.update(policy);

    expect(verify.verify(keys.publicKeyPem, fromCloudFrontBase64(cookie(response.cookies, 'CloudFront-Signature')!))).toBe(true);
  });

  it('refuses a target that is not a pack page, naming it', () => {
    const response = openResponse({ to: 'https://evil.example/', now, sessionHours: 12, key });

    expect(response.statusCode).toBe(400);
    expect(response.body).toBe('Not a pack page: "https://evil.example/"\n');
    expect(response.cookies).toBeUndefined();
  });
});

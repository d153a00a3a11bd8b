import { getSignedCookies } from '@aws-sdk/cloudfront-signer';

/**
 * Opening a pack from an emailed link. The link is a CloudFront signed URL of `/open?to=<path>`;
 * CloudFront checks its signature and expiry before the request reaches the function, which then
 * sets signed cookies for the whole site (so the page's images, its CSV and the archive load too)
 * and redirects to the page. Pure: the handler passes the key and the time.
 */
export { OPEN_PATH, OPEN_TARGET_PARAM } from './page-keys.js';

/** Paths an open link may lead to: the archive index or a file of a pack. Relative, so never another site. */
const PACK_PATH = /^\/(?:index\.html|(?:weekly|monthly|quarterly)\/[A-Za-z0-9-]+\/(?:[A-Za-z0-9._-]+\/)?[A-Za-z0-9._-]+)$/;

export const isPackPath = (path: string): boolean => PACK_PATH.test(path) && !path.includes('..');

export interface SigningKey {
  readonly keyPairId: string;
  readonly privateKey: string;
}

export interface OpenResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies?: readonly string[];
  readonly body?: string;
}

const NO_STORE = { 'Cache-Control': 'no-store' } as const;

/** The cookie policy: every file of the site until `expires`. The key group serves this distribution only. */
export const sessionPolicy = (expires: Date): string =>
  JSON.stringify({ Statement: [{ Resource: 'https://*/*', Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(expires.getTime() / 1000) } } }] });

export const openResponse = (input: { readonly to: string | undefined; readonly now: Date; readonly sessionHours: number; readonly key: SigningKey }): OpenResponse => {
  const { to } = input;
  if (to === undefined || !isPackPath(to)) {
    return { statusCode: 400, headers: { ...NO_STORE, 'Content-Type': 'text/plain; charset=utf-8' }, body: `Not a pack page: ${JSON.stringify(to ?? '')}\n` };
  }
  const expires = new Date(input.now.getTime() + input.sessionHours * 3_600_000);
  const cookies = getSignedCookies({ policy: sessionPolicy(expires), keyPairId: input.key.keyPairId, privateKey: input.key.privateKey, algorithm: 'SHA256' });
  const attributes = `Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${input.sessionHours * 3600}`;
  return {
    statusCode: 302,
    headers: { ...NO_STORE, Location: to },
    cookies: Object.entries(cookies)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${name}=${value}; ${attributes}`),
  };
};

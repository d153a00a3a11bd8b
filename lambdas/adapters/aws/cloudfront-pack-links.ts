import { getSignedUrl } from '@aws-sdk/cloudfront-signer';
import type { Cadence } from '../../calendar/period-types.js';
import { ARCHIVE_FILES } from '../../delivery/pack-archive.js';
import type { SigningKey } from '../../pack-pages/open-link.js';
import { ARCHIVE_INDEX_KEY, OPEN_PATH, OPEN_TARGET_PARAM, packFileKey, packPageKey } from '../../pack-pages/page-keys.js';
import type { Clock } from '../../ports/clock.js';
import type { PackLinker, PackLinks } from '../../ports/pack-links.js';

export interface SignedLinkSettings {
  /** The pack pages' site: `https://d111111abcdef8.cloudfront.net`. */
  readonly siteUrl: string;
  /** Days a link opens the pack after the pack is sent. */
  readonly linkDays: number;
  /** The key pair id and private key, read once from Secrets Manager. */
  readonly signingKey: () => Promise<SigningKey>;
}

/**
 * Links only the teams' readers can open, for as long as `linkDays`: CloudFront signed URLs of the
 * site's open endpoint, which sets a session cookie and redirects to the page (see
 * docs/pack-pages.md). Signed by the report function with the private key of the distribution's
 * key group; a link does not depend on the function's own short-lived credentials.
 */
export class CloudFrontPackLinker implements PackLinker {
  constructor(
    private readonly settings: SignedLinkSettings,
    private readonly clock: Clock,
  ) {}

  /** `https://<site>/open?to=%2Fweekly%2F2026-W47%2Findex.html&Expires=…&Signature=…&Key-Pair-Id=…` */
  private async sign(key: string): Promise<string> {
    const { keyPairId, privateKey } = await this.settings.signingKey();
    const url = `${this.settings.siteUrl.replace(/\/$/, '')}${OPEN_PATH}?${OPEN_TARGET_PARAM}=${encodeURIComponent(`/${key}`)}`;
    const dateLessThan = new Date(this.clock.now().getTime() + this.settings.linkDays * 86_400_000);
    return getSignedUrl({ url, keyPairId, privateKey, dateLessThan, algorithm: 'SHA256' });
  }

  async linksFor(cadence: Cadence, periodId: string): Promise<PackLinks> {
    const [page, csv, archive] = await Promise.all([
      this.sign(packPageKey(cadence, periodId)),
      this.sign(packFileKey(cadence, periodId, ARCHIVE_FILES.csv)),
      this.sign(ARCHIVE_INDEX_KEY),
    ]);
    return { page, csv, archive };
  }
}

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Cadence } from '../../calendar/period-types.js';
import { ARCHIVE_FILES } from '../../delivery/pack-archive.js';
import { ARCHIVE_INDEX_KEY, packFileKey, packPageKey } from '../../pack-pages/page-keys.js';
import type { PackLinker, PackLinks } from '../../ports/pack-links.js';

/** Locally the links are files: `file://` URLs into the reports folder, which open in any browser. */
export class FilePackLinker implements PackLinker {
  constructor(private readonly reportsDir: string) {}

  private url(key: string): string {
    return pathToFileURL(path.join(path.resolve(this.reportsDir), ...key.split('/'))).href;
  }

  async linksFor(cadence: Cadence, periodId: string): Promise<PackLinks> {
    return {
      page: this.url(packPageKey(cadence, periodId)),
      csv: this.url(packFileKey(cadence, periodId, ARCHIVE_FILES.csv)),
      archive: this.url(ARCHIVE_INDEX_KEY),
    };
  }
}

import { readFile, writeFile } from 'node:fs/promises';
import type { SampleSummary } from '../../lambdas/sample/generate-sample.js';

/** What a data dir's landing folder was generated from; `demo` regenerates when any of it differs. */
export interface SampleMarker {
  readonly seed: number;
  readonly from: string;
  readonly to: string;
  readonly scale: number;
  readonly timeZone: string;
  readonly summary: SampleSummary;
}

export const readSampleMarker = async (file: string): Promise<SampleMarker | undefined> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as SampleMarker;
  } catch {
    // A damaged marker only means "regenerate".
    return undefined;
  }
};

export const writeSampleMarker = (file: string, marker: SampleMarker): Promise<void> =>
  writeFile(file, JSON.stringify(marker, null, 2) + '\n');

export const markerMatches = (
  marker: SampleMarker | undefined,
  wanted: Pick<SampleMarker, 'seed' | 'from' | 'to' | 'scale' | 'timeZone'>,
): boolean =>
  marker !== undefined &&
  marker.seed === wanted.seed &&
  marker.from === wanted.from &&
  marker.to === wanted.to &&
  marker.scale === wanted.scale &&
  marker.timeZone === wanted.timeZone;

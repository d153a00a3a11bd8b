import { parse } from 'csv-parse/sync';
import { generateSample, type SampleOptions, type SampleSummary } from '../../lambdas/sample/generate-sample.js';

/** Generated files by landing key, kept in memory. */
export interface GeneratedSample {
  readonly files: Map<string, string>;
  readonly summary: SampleSummary;
}

const generated = new Map<string, Promise<GeneratedSample>>();

/** Generates once per distinct options within a test file: tests only read the result. */
export const generateInMemory = (options: SampleOptions): Promise<GeneratedSample> => {
  const key = JSON.stringify(options);
  let sample = generated.get(key);
  if (!sample) {
    sample = generateUncached(options);
    generated.set(key, sample);
  }
  return sample;
};

/** A fresh run every call (for the determinism tests). */
export const generateUncached = async (options: SampleOptions): Promise<GeneratedSample> => {
  const files = new Map<string, string>();
  const summary = await generateSample(options, async (key, content) => {
    files.set(key, typeof content === 'string' ? content : Buffer.from(content).toString('utf8'));
  });
  return { files, summary };
};

export type Row = Record<string, string>;

const parsedRows = new WeakMap<GeneratedSample, Map<string, Row[]>>();

/** Rows of every file of a source, each with the landing date of its file as `landingDate` (parsed once per sample). */
export const rowsOf = (sample: GeneratedSample, source: string): Row[] => {
  let bySource = parsedRows.get(sample);
  if (!bySource) {
    bySource = new Map();
    parsedRows.set(sample, bySource);
  }
  const cached = bySource.get(source);
  if (cached) return cached;
  const rows: Row[] = [];
  for (const [key, content] of sample.files) {
    const [fileSource, landingDate] = key.split('/');
    if (fileSource !== source || landingDate === undefined) continue;
    const parsed: Row[] =
      source === 'web_analytics'
        ? content
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as Row)
        : (parse(content, { columns: true, bom: true, delimiter: source === 'ad_spend' ? ';' : ',' }) as Row[]);
    for (const row of parsed) rows.push({ ...row, landingDate });
  }
  bySource.set(source, rows);
  return rows;
};

/** `1,234.50` → 1234.5 */
export const money = (text: string | undefined): number => Number((text ?? '').replaceAll(',', ''));

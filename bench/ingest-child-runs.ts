/**
 * What the ingest benchmark and the bundled-ingest test share: the generated lifecycle export, the
 * child (bench/ingest-child.ts) bundled as the ingest Lambda is, and one run of it.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { INGEST_NODE_OPTIONS, lambdaBuildSettings, lambdaNodeOptions } from '../lib/lambda-bundle.js';
import { ENCODER_THREAD_BUNDLE, ENCODER_THREAD_ENTRY } from '../lambdas/ingest/worker-bundles.js';
import { BENCH_DATE as DATE, type ChildReport } from './ingest-child.js';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
const CHILD_ENTRY = path.join(import.meta.dirname, 'ingest-child.ts');

const STAGES = ['Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Opportunity', 'Customer', 'Closed Lost', 'Disqualified'];
const TEAMS = ['Marketing', 'Sales', 'Partner', ''];
const CHANNELS = ['Paid Search', 'Paid Social', 'Organic Search', 'Email', 'Events', 'Partner Referral', 'Outbound', 'Direct'];
const SEGMENTS = ['SMB', 'Mid-Market', 'Enterprise'];
const REGIONS = ['NA East', 'NA West', 'EMEA', 'APAC'];

/**
 * `days` days of lifecycle changes ending on BENCH_DATE (a year: a backfill export; one: a busy
 * night's), in the crm_lifecycle shape: BOM, CRLF, 14 columns incl. personal data.
 */
export const generateLifecycleExport = async (file: string, rows: number, days: number): Promise<void> => {
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const write = (text: string): Promise<void> =>
    new Promise((resolve) => {
      if (out.write(text)) resolve();
      else out.once('drain', resolve);
    });
  await write('\uFEFFContact ID,Email,First Name,Last Name,Phone Number,Lifecycle Stage,Changed At,Lead Source Team,Original Source,Campaign,Segment,Region,Contact Owner,Reason\r\n');
  const end = Date.parse(`${DATE}T23:00:00Z`);
  // One day spans 18:00 to 23:00 UTC: every row lands on DATE in the reporting zone too.
  const span = days === 1 ? 5 * 3_600_000 : days * 86_400_000;
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const contact = 100_000 + Math.floor(i / 4);
    const at = new Date(end - span + Math.floor((i / rows) * span)).toISOString().slice(0, 19) + 'Z';
    // A year repeats each contact's stage at four times; one day moves it through four stages
    // (timestamps are to the second, so a repeated stage there would be the same event re-sent).
    const stage = STAGES[((days === 1 ? i : i * 7) + (contact % 3)) % STAGES.length] as string;
    const reason = stage === 'Closed Lost' ? 'Price' : stage === 'Disqualified' ? 'No budget' : '';
    buffer +=
      `C-${contact},person${contact}@example.com,Ann,Lee,+1 555 ${String(contact % 10_000).padStart(4, '0')},${stage},${at},` +
      `${TEAMS[contact % TEAMS.length]},${CHANNELS[contact % CHANNELS.length]},"Campaign ${contact % 40}, Q${(contact % 4) + 1}",` +
      `${SEGMENTS[contact % SEGMENTS.length]},${REGIONS[contact % REGIONS.length]},Rep ${contact % 25},${reason}\r\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
};

/**
 * The child bundled as the ingest Lambda is (lib/lambda-bundle.ts, for this machine's Node.js)
 * into `dir`, with the encoder thread's own bundle next to it as in the Lambda unless
 * `encoderBundle` is false (the child's bundle is then the thread's script too). Resolves to the
 * child's bundle.
 */
export const bundleIngestChild = async (dir: string, options: { encoderBundle?: boolean } = {}): Promise<string> => {
  const outfile = path.join(dir, 'ingest-child.mjs');
  const settings = { ...lambdaBuildSettings(`node${process.versions.node.split('.')[0]}`), logLevel: 'warning' } as const;
  await build({ ...settings, entryPoints: [CHILD_ENTRY], outfile });
  if (options.encoderBundle !== false) {
    await build({ ...settings, entryPoints: [path.join(PROJECT_ROOT, ENCODER_THREAD_ENTRY)], outfile: path.join(dir, ENCODER_THREAD_BUNDLE) });
  }
  return outfile;
};

/** The ingest Lambda's NODE_OPTIONS (lib/pipeline-function.ts), which the child runs with. */
export const INGEST_LAMBDA_NODE_OPTIONS = lambdaNodeOptions(INGEST_NODE_OPTIONS);

/**
 * One ingest in a child process; `child`: its bundle, run with the ingest Lambda's NODE_OPTIONS, or
 * undefined to run it from source through tsx, as the CLI runs (Node.js's defaults).
 */
export const runIngestChild = (child: string | undefined, folders: { landing: string; lake: string }, threads: number): Promise<ChildReport> =>
  new Promise((resolve, reject) => {
    const command = child === undefined ? ['--import', 'tsx', CHILD_ENTRY] : [child];
    const running = spawn(process.execPath, [...command, folders.landing, folders.lake, String(threads)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: child === undefined ? process.env : { ...process.env, NODE_OPTIONS: INGEST_LAMBDA_NODE_OPTIONS },
    });
    let stdout = '';
    running.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    running.on('error', reject);
    running.on('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1);
      if (code !== 0 || !line) reject(new Error(`ingest child exited with ${code}`));
      else resolve(JSON.parse(line) as ChildReport);
    });
  });

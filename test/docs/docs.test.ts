import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRIC_DEFINITIONS } from '../../lambdas/metrics/metric-definitions.js';
import { configurationReference, GENERATED_DOCS, withGlossary } from '../../scripts/write-docs.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(path.join(repoRoot, file), 'utf8');
const docFiles = ['README.md', ...readdirSync(path.join(repoRoot, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** Text outside fenced code blocks: links and headings in examples are not the document's own. */
const prose = (markdown: string): string => markdown.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
const anchorsOf = (markdown: string): Set<string> => {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of prose(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = (match[1] ?? '')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
};

/** Every relative link target (`docs/ingest.md#the-lake`, `#deploy`) of a document. */
const relativeLinks = (markdown: string): string[] =>
  [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '').filter((target) => !/^[a-z]+:/i.test(target));

describe('README.md', () => {
  const readme = read('README.md');

  it('is a guide, not a reference: at most 400 lines and 40 KB', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(400);
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(40 * 1024);
  });

  it('states the two commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test ');
  });

  it('is what CI runs: Chromium from Debian when missing, a clean install, then the README test command', () => {
    const commands = read('.ci/run')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#') && !line.startsWith('set ') && !line.startsWith('cd '));

    expect(commands).toEqual(['[ -x /usr/bin/chromium ] || { apt-get update && apt-get install -y chromium; }', 'npm ci', 'npm test']);
  });

  it('links to every document in docs/', () => {
    const linked = new Set(relativeLinks(readme).map((target) => target.split('#')[0]));
    const unlinked = docFiles.filter((file) => file !== 'README.md' && !linked.has(file));

    expect(unlinked).toEqual([]);
  });
});

describe('links in README.md and docs/', () => {
  it.each(docFiles)('every relative link and anchor in %s resolves', (file) => {
    const broken = relativeLinks(read(file)).filter((target) => {
      const [targetPath = '', anchor] = target.split('#');
      const resolved = targetPath === '' ? file : path.join(path.dirname(file), targetPath);
      if (!existsSync(path.join(repoRoot, resolved))) return true;
      if (anchor === undefined) return false;
      return !anchorsOf(read(resolved)).has(anchor);
    });

    expect(broken).toEqual([]);
  });
});

describe('generated documentation', () => {
  it('docs/configuration.md is what `npm run docs` writes from the config schema', () => {
    expect(read(GENERATED_DOCS.configuration)).toBe(configurationReference());
  });

  it("docs/metrics.md's glossary is what `npm run docs` writes from the metric definitions", () => {
    const committed = read(GENERATED_DOCS.metrics);

    expect(committed).toBe(withGlossary(committed, GENERATED_DOCS.metrics));
  });

  it('the glossary names every metric with the label the packs print', () => {
    const metrics = read(GENERATED_DOCS.metrics);
    const missing = Object.values(METRIC_DEFINITIONS).filter((entry) => !metrics.includes(`| \`${entry.id}\` | ${entry.label} |`));

    expect(missing.map((entry) => entry.id)).toEqual([]);
  });

  it('the configuration reference describes every key', () => {
    const undescribed = read(GENERATED_DOCS.configuration)
      .split('\n')
      .filter((line) => line.startsWith('| `') && line.endsWith('|  |'));

    expect(undescribed).toEqual([]);
  });
});

describe('no run diary', () => {
  // Figures of past runs belong in git history and closing notes; docs/benchmarks.md keeps one table of current figures.
  const DIARY = [/\bon (19|20)\d\d-\d\d-\d\d\b/, /fresh clone/i, /slow spell/i, /back to back/i, /load average/i, /measured on/i, /\b(this|last|earlier|previous) session\b/i];

  it.each(docFiles)('%s records no dated run or sequence of runs', (file) => {
    const diary = prose(read(file))
      .split('\n')
      .filter((line) => DIARY.some((pattern) => pattern.test(line)));

    expect(diary).toEqual([]);
  });
});

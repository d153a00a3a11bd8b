import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfigText } from '../../lambdas/config/load-config.js';

/** The smallest valid config; each test breaks one thing in a copy. */
const validConfig = () => ({
  reporting: { timeZone: 'Europe/Berlin', currency: 'EUR' },
  sender: { address: 'reports@example.com' },
  teams: {
    marketing: { name: 'Marketing', recipients: ['marketing@example.com'] },
    sales: { name: 'Sales', recipients: ['sales@example.com', 'revops@example.com'] },
  },
  sources: {},
});

const problemsOf = (text: string): readonly string[] => {
  try {
    parseConfigText(text, 'funnel-review.config.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('config validation messages', () => {
  it('accepts the smallest valid config and fills in defaults', () => {
    const config = parseConfigText(JSON.stringify(validConfig()), 'funnel-review.config.json');

    expect(config.reporting.weekStart).toBe('monday');
    expect(config.thresholds.strategicGap).toBe(0.1);
  });

  it('names the recipient that is not an email address by its path', () => {
    const config = validConfig();
    config.teams.sales.recipients[1] = 'revops at example.com';

    expect(problemsOf(JSON.stringify(config))).toEqual(['teams.sales.recipients[1]: not an email address']);
  });

  it('requires a sales team', () => {
    const { sales: _sales, ...teams } = validConfig().teams;

    expect(problemsOf(JSON.stringify({ ...validConfig(), teams }))).toEqual(['teams: must define at least the teams "marketing" and "sales"']);
  });

  it('rejects a time zone that is not an IANA zone', () => {
    const config = validConfig();
    config.reporting.timeZone = 'Europe/Berlinn';

    expect(problemsOf(JSON.stringify(config))).toEqual(['reporting.timeZone: not an IANA time zone (e.g. Europe/Berlin)']);
  });

  it('rejects an unknown top-level key', () => {
    const problems = problemsOf(JSON.stringify({ ...validConfig(), recipients: ['x@example.com'] }));

    expect(problems).toEqual(['recipients: unknown key']);
  });

  it('rejects an unknown key inside a section, naming its path', () => {
    const config = validConfig() as ReturnType<typeof validConfig> & { teams: { sales: Record<string, unknown> } };
    config.teams.sales.recipient = 'typo@example.com';

    expect(problemsOf(JSON.stringify(config))).toEqual(['teams.sales.recipient: unknown key']);
  });

  it('reports every problem, one line each', () => {
    const config = validConfig();
    config.reporting.timeZone = 'Mars/Olympus';
    config.teams.marketing.recipients[0] = 'nobody';

    expect(problemsOf(JSON.stringify(config))).toEqual([
      'reporting.timeZone: not an IANA time zone (e.g. Europe/Berlin)',
      'teams.marketing.recipients[0]: not an email address',
    ]);
  });

  it('points a JSON syntax error at its line and column', () => {
    // Line 3 is missing the comma after the reporting object.
    const text = ['{', '  "reporting": { "timeZone": "UTC", "currency": "USD" }', '  "sender": { "address": "a@example.com" }', '}'].join('\n');

    expect(problemsOf(text)).toEqual(['line 3, column 3: CommaExpected']);
  });

  it('accepts comments and trailing commas', () => {
    const text = `// ops config\n${JSON.stringify(validConfig(), null, 2).replace(/}\s*$/, ',\n}')}`;

    expect(() => parseConfigText(text, 'funnel-review.config.json')).not.toThrow();
  });
});

describe('loading a config file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'funnel-review-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says a missing file is not found, naming the file', async () => {
    const file = path.join(dir, 'funnel-review.config.json');

    const error = await loadConfigFile(file).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['file not found']);
    expect((error as ConfigError).message).toContain(file);
  });

  it('reads and validates a file', async () => {
    const file = path.join(dir, 'funnel-review.config.json');
    await writeFile(file, JSON.stringify(validConfig()));

    const config = await loadConfigFile(file);

    expect(Object.keys(config.teams)).toEqual(['marketing', 'sales']);
  });
});

import type { Period } from '../calendar/period-types.js';
import type { FunnelReviewConfig } from '../config/config-schema.js';
import type { DataFreshness } from '../metrics/metric-types.js';
import type { Headline } from '../pack/pack-types.js';
import type { PackLinks } from '../ports/pack-links.js';
import type { QueryEngine } from '../ports/query-engine.js';
import type { PackPage } from '../render/web/render-page.js';

/** One chart image, referenced from the HTML as `cid:<cid>`. */
export interface PackChart {
  readonly cid: string;
  readonly filename: string;
  readonly png: Uint8Array;
  readonly alt: string;
}

/** The rendered parts delivery needs (the render module's RenderedPack has this shape). */
export interface RenderedParts {
  readonly subject: string;
  readonly headline: string;
  readonly html: string;
  readonly text: string;
  readonly csv: string;
  readonly json: string;
  readonly charts: readonly PackChart[];
  /** The pack's web page and its archive index entry (the neutral rendering only). */
  readonly page?: PackPage;
}

export interface PackProducerInput {
  readonly config: FunnelReviewConfig;
  readonly engine: QueryEngine;
  readonly period: Period;
  /** Today in the reporting time zone. */
  readonly asOf: string;
  readonly freshness: DataFreshness;
  readonly teams: readonly string[];
  /** Where the pack's web page, CSV and archive are, for the email's links. */
  readonly links?: PackLinks;
}

export interface QueryStat {
  readonly name: string;
  readonly queryId?: string;
  readonly bytesScanned?: number;
  readonly elapsedMs: number;
}

export interface ProducedPack {
  /** The team-neutral rendering: archived as email.html / email.txt / metrics.json / metrics.csv. */
  readonly neutral: RenderedParts;
  /** One rendering per requested team (its own section first, its intro line). */
  readonly byTeam: Readonly<Record<string, RenderedParts>>;
  /** The pack's verdict and KPI tiles, as the pack model holds them (what Slack posts). */
  readonly headline: Headline;
  readonly queryStats: readonly QueryStat[];
}

/**
 * Metrics → pack → rendering. Injectable so delivery, idempotency and freshness can be tested
 * with a tiny pack; the real chain is `produceFunnelPack` (funnel-pack-producer.ts).
 */
export type PackProducer = (input: PackProducerInput) => Promise<ProducedPack>;

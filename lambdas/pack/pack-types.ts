import type { Cadence, Period } from '../calendar/period-types.js';
import type { MetricId, MetricUnit } from '../metrics/metric-types.js';
import type { SourceTeam } from '../schema/canonical-schema.js';

/**
 * The review pack: everything an email, its plain-text part, the CSV and metrics.json say,
 * already decided and formatted. Renderers only lay it out, so every team's copy and every
 * format carries the same figures.
 */

/** Whether a change is good news, bad news or neither (drives arrow colour, never the only cue). */
export type Tone = 'good' | 'bad' | 'neutral';

export interface ChangeFigure {
  /** `+12% WoW`, `−3 pts MoM`, `+1.5 days`. */
  readonly text: string;
  readonly direction: 'up' | 'down' | 'flat';
  readonly tone: Tone;
}

export interface KpiTile {
  readonly metricId: MetricId | 'goal_attainment';
  readonly label: string;
  /** Formatted value, `$412k`; `n/a` when unavailable. */
  readonly value: string;
  readonly change?: ChangeFigure;
  /** A short line under the value: `4-wk avg $380k`, or why the value is missing. */
  readonly note?: string;
  /** Recent periods' values, oldest first, ending with this period (drawn as a sparkline). */
  readonly sparkline?: readonly { readonly periodId: string; readonly value: number }[];
}

export interface TableColumn {
  readonly label: string;
  readonly align: 'left' | 'right';
  /**
   * A column of detail rather than a headline figure. No rendering hides it (a hidden column left
   * footnotes explaining what a phone reader could not see): the email stacks wide tables instead.
   */
  readonly secondary?: boolean;
}

export interface TableBlock {
  readonly kind: 'table';
  readonly caption?: string;
  readonly columns: readonly TableColumn[];
  /** Cell text, already formatted; escaped by the renderer. */
  readonly rows: readonly (readonly string[])[];
}

export type ChartId = 'funnel' | 'trend' | 'attribution';

export type Block =
  | { readonly kind: 'kpis'; readonly tiles: readonly KpiTile[] }
  | TableBlock
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'bullets'; readonly items: readonly string[] }
  | { readonly kind: 'callout'; readonly tone: 'warning' | 'good' | 'info'; readonly title: string; readonly text: string }
  | { readonly kind: 'chart'; readonly chartId: ChartId }
  /** What the pack cannot show yet and why ("Trend needs 4 prior weeks; 1 available."). */
  | { readonly kind: 'missing'; readonly text: string };

export const AGENDA_SECTION_IDS = [
  'what-happened',
  'goal-progress',
  'what-changed',
  'forecast',
  'improvement-areas',
  'results-vs-goals',
  'strategic-changes',
] as const;
export const SHARED_SECTION_IDS = ['funnel', 'attribution', 'handoff', 'marketing-efficiency', 'sales-results'] as const;
export type AgendaSectionId = (typeof AGENDA_SECTION_IDS)[number];
export type SharedSectionId = (typeof SHARED_SECTION_IDS)[number];
export type SectionId = AgendaSectionId | SharedSectionId | 'data-freshness';

export interface PackSection {
  readonly id: SectionId;
  readonly title: string;
  /** The agenda question the section answers, for agenda sections. */
  readonly question?: string;
  /** One sentence saying what matters in this section, shown first (the "so what"). */
  readonly lead?: string;
  readonly blocks: readonly Block[];
}

export interface Headline {
  /** The three numbers that matter. */
  readonly tiles: readonly KpiTile[];
  readonly onTrack: boolean | undefined;
  /** `On track: revenue at 61% of the Q4 goal with 58% of the quarter gone.` */
  readonly verdict: string;
  /** Short form for the subject: `Revenue $412k (+12% WoW) · 61% of Q4 goal`. */
  readonly summary: string;
}

/** Chart data; the PNG is drawn by the renderer, the alt text (which states the numbers) is decided here. */
export type ChartData =
  | {
      readonly id: 'funnel';
      readonly title: string;
      readonly alt: string;
      readonly steps: readonly {
        readonly stage: string;
        readonly count: number;
        readonly conversionToNext?: number;
        /** The conversion as printed (`41%`, `12% so far`, `too early`); absent for the last stage. */
        readonly conversionText?: string;
        /** The stage's goal for the period (prorated by days where the goal is set for a longer period), drawn as a goal mark. */
        readonly goal?: number;
      }[];
    }
  | {
      readonly id: 'trend';
      readonly title: string;
      readonly alt: string;
      readonly series: readonly {
        readonly metricId: MetricId;
        readonly label: string;
        readonly unit: MetricUnit;
        readonly points: readonly { readonly periodId: string; readonly value: number }[];
        /** The goal of each period that has one (prorated by days for weeks), drawn as a goal line. */
        readonly goals?: readonly { readonly periodId: string; readonly value: number }[];
        /** The usual range of the trailing periods before the last point, drawn as a band. */
        readonly usualRange?: { readonly low: number; readonly high: number; readonly mean: number; readonly periods: number };
      }[];
    }
  | {
      readonly id: 'attribution';
      readonly title: string;
      readonly alt: string;
      readonly rows: readonly { readonly measure: 'Pipeline' | 'Revenue'; readonly sourceTeam: SourceTeam; readonly share: number; readonly amount: number }[];
    };

export interface MetricTableRow {
  readonly metricId: MetricId;
  readonly label: string;
  readonly unit: MetricUnit;
  readonly value: number | null;
  readonly previous: number | null;
  readonly change: number | null;
  readonly changeKind: 'relative' | 'points' | 'days';
  readonly baseline: number | null;
  /** Why any of the empty cells is empty. */
  readonly unavailableReason: string;
}

export interface Pack {
  readonly cadence: Cadence;
  readonly period: Period;
  readonly previousPeriod: Period;
  readonly currency: string;
  /** `Weekly funnel review`. */
  readonly title: string;
  readonly subject: string;
  readonly headline: Headline;
  /** Set when the pack's days are not all ingested: `Data incomplete: 2026-11-18 missing`. */
  readonly dataIncomplete?: { readonly banner: string; readonly missingDays: readonly string[]; readonly failedDays: readonly string[] };
  /** One section per agenda question of the cadence, in order. */
  readonly agenda: readonly PackSection[];
  readonly shared: readonly PackSection[];
  readonly glossary: readonly { readonly id: string; readonly label: string; readonly definition: string }[];
  readonly freshness: PackSection;
  readonly charts: readonly ChartData[];
  readonly metricsTable: readonly MetricTableRow[];
}

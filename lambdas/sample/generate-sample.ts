/**
 * Deterministic sample data: the nightly exports of a CRM (lifecycle changes, opportunities),
 * an ad platform (spend) and web analytics, written day by day into the landing layout
 * (`<source>/<YYYY-MM-DD>/<file>`). Same seed and range, byte-identical files.
 *
 * Each new lead's whole life (MQL, SQL, opportunity, close) is drawn when it is created and its
 * future events wait in a per-day queue, so memory holds only the entities still in flight and
 * any scale streams. Event times are drawn in local business hours (06:30–22:30 in the reporting
 * zone), where the day's noon UTC offset is exact, so each file's date is the local date of the
 * changes it holds (DST switches at 02:00).
 */
import { DateTime } from 'luxon';
import {
  LIFECYCLE_LINE_END,
  LIFECYCLE_PREAMBLE,
  OPPORTUNITY_PREAMBLE,
  SPEND_PREAMBLE,
  csvLine,
  dayIndexOf,
  europeanDateOf,
  isoDateOf,
  moneyText,
  sampleLandingKey,
  usDateOf,
  utcTimestampOf,
  weekdayOf,
  type SampleSource,
} from './export-formats.js';
import { plantedPeriods, type PlantedPeriod } from './planted-periods.js';
import {
  ANNUAL_GROWTH,
  CAMPAIGNS,
  CHANNEL_MIX,
  CLICK_THROUGH,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  COST_PER_LEAD,
  CPM,
  DEAL_AMOUNT,
  DISQUALIFICATION_REASONS,
  FIRST_NAMES,
  FUNNEL,
  LAST_NAMES,
  LOSS_REASONS,
  MONTH_SEASONALITY,
  PLANTED_DISQUALIFICATION_REASONS,
  REGION_MIX,
  REPS_BY_REGION,
  SEGMENT_MIX,
  SESSIONS_PER_LEAD,
  TEAM_MIX,
  WEEKDAY_LEADS,
  WEEKEND_FACTOR,
  type ChannelLabel,
  type Lag,
  type Segment,
  type SourceTeamLabel,
} from './sample-profile.js';
import { SeededRandom } from './seeded-random.js';

export interface SampleOptions {
  seed: number;
  /** First landing date, `YYYY-MM-DD` (inclusive). */
  from: string;
  /** Last landing date, `YYYY-MM-DD` (inclusive). Planted events sit in the periods just before it. */
  to: string;
  /** volume multiplier, default 1 (≈ 60-120 new leads/weekday) */
  scale?: number;
  /** Reporting time zone the landing dates are local to; default America/New_York (the sample config's). */
  timeZone?: string;
  /** Called after each day's files are written (for progress display). */
  onDayWritten?: (date: string, dayNumber: number, totalDays: number) => void;
}

export type SampleWriter = (key: string, content: string | Uint8Array) => Promise<void>;

export type MalformedKind = 'bad_date' | 'unknown_stage' | 'blank_contact_id' | 'negative_amount' | 'na_amount';

export interface MalformedRow {
  readonly source: SampleSource;
  readonly date: string;
  readonly kind: MalformedKind;
  /** The offending value as written. */
  readonly value: string;
}

export interface SampleSummary {
  readonly seed: number;
  readonly from: string;
  readonly to: string;
  readonly scale: number;
  readonly timeZone: string;
  readonly days: number;
  readonly filesWritten: number;
  /** Data rows written per source (header lines excluded; resent and malformed rows included). */
  readonly rows: Readonly<Record<SampleSource, number>>;
  /** Well-formed lifecycle changes written, by stage (resent duplicates not counted). */
  readonly stageChanges: Readonly<Record<'lead' | 'mql' | 'sql' | 'opportunity' | 'won' | 'lost' | 'disqualified', number>>;
  readonly planted: {
    /** (a) MQL acceptance drops and "Bad fit: too small" becomes the top rejection reason. */
    readonly acceptanceDrop: PlantedPeriod & { readonly normalAcceptance: number; readonly plantedAcceptance: number; readonly topRejectionReason: string };
    /** (b) Paid Social spend doubles while its leads stay flat. */
    readonly costPerLeadSpike: PlantedPeriod & { readonly channel: ChannelLabel; readonly spendMultiplier: number };
    /**
     * (c) From this quarter on, win rate falls and fewer SQLs become opportunities: revenue misses
     * the sample goal and the next quarter's forecast misses it too (the strategic-change flag).
     */
    readonly revenueMiss: PlantedPeriod & { readonly winRateFactor: number; readonly opportunityFactor: number };
    /** A won opportunity re-exported later with a corrected Close Date (absent when the range is too short). */
    readonly closeDateCorrection?: {
      readonly opportunityId: string;
      readonly originalCloseDate: string;
      readonly correctedCloseDate: string;
      readonly reexportedOn: string;
    };
    /** (d) Rows a careful ingest must quarantine. */
    readonly malformedRows: readonly MalformedRow[];
    /** Days whose lifecycle file repeats a few rows of the day before (a re-sent export). */
    readonly resentDays: readonly string[];
  };
}

export class SampleOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SampleOptionsError';
  }
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** Entities created this many days before `from` warm the funnel up, so closes happen from day one. */
const WARM_UP_DAYS = 120;
/** Weekday volume factors, Sunday first: Monday and Tuesday busiest, Friday quieter. */
const WEEKDAY_FACTOR = [WEEKEND_FACTOR, 1.05, 1.08, 1.03, 1.0, 0.84, WEEKEND_FACTOR] as const;
const MALFORMED_KINDS: readonly MalformedKind[] = ['bad_date', 'unknown_stage', 'blank_contact_id', 'negative_amount', 'na_amount'];
const MALFORMED_ROW_COUNT = 10;
const PAID_CHANNELS = Object.keys(COST_PER_LEAD) as ChannelLabel[];
const WEB_CHANNELS = Object.keys(SESSIONS_PER_LEAD) as ChannelLabel[];

type LifecycleStage =
  | 'Lead'
  | 'Marketing Qualified Lead'
  | 'Sales Qualified Lead'
  | 'Opportunity'
  | 'Customer'
  | 'Closed Lost'
  | 'Disqualified';
type OpportunityStage = 'Prospecting' | 'Proposal' | 'Negotiation' | 'Closed Won' | 'Closed Lost';

const STAGE_COUNTER: Readonly<Record<LifecycleStage, keyof SampleSummary['stageChanges']>> = {
  Lead: 'lead',
  'Marketing Qualified Lead': 'mql',
  'Sales Qualified Lead': 'sql',
  Opportunity: 'opportunity',
  Customer: 'won',
  'Closed Lost': 'lost',
  Disqualified: 'disqualified',
};

interface Contact {
  readonly contactId: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly phone: string;
  readonly team: SourceTeamLabel;
  readonly channel: ChannelLabel;
  readonly campaign: string;
  readonly segment: Segment;
  readonly region: string;
  readonly owner: string;
}

interface Opportunity {
  readonly id: string;
  readonly name: string;
  readonly account: string;
  readonly contact: Contact;
  readonly amount: number;
  readonly createdDay: number;
  readonly expectedCloseDay: number;
}

/** A row waiting for its day. `wall` is local wall-clock time as epoch ms (as if the zone were UTC). */
type PendingRow =
  | { readonly type: 'lifecycle'; readonly wall: number; readonly order: number; readonly contact: Contact; readonly stage: LifecycleStage; readonly reason: string }
  | {
      readonly type: 'opportunity';
      readonly wall: number;
      readonly order: number;
      readonly opportunity: Opportunity;
      readonly stage: OpportunityStage;
      readonly closeDay: number;
      readonly reason: string;
      readonly correction?: boolean;
    };

const inRange = (day: number, range: { start: number; end: number }): boolean => day >= range.start && day <= range.end;
const dayOf = (wall: number): number => Math.floor(wall / DAY_MS);
const lagDays = (rng: SeededRandom, lag: Lag, factor = 1): number => rng.logNormal(lag.median * factor, lag.sigma);

const validateOptions = (options: SampleOptions): void => {
  for (const [name, value] of [
    ['from', options.from],
    ['to', options.to],
  ] as const) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || isoDateOf(dayIndexOf(value)) !== value) {
      throw new SampleOptionsError(`${name} "${value}" is not a date in the form YYYY-MM-DD`);
    }
  }
  if (dayIndexOf(options.from) > dayIndexOf(options.to)) {
    throw new SampleOptionsError(`from ${options.from} is after to ${options.to}`);
  }
  if (!Number.isInteger(options.seed)) throw new SampleOptionsError(`seed ${options.seed} is not an integer`);
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new SampleOptionsError(`scale ${scale} is not a positive number`);
  if (!DateTime.local().setZone(options.timeZone ?? 'America/New_York').isValid) {
    throw new SampleOptionsError(`time zone "${options.timeZone}" is not an IANA time zone`);
  }
};

export async function generateSample(options: SampleOptions, write: SampleWriter): Promise<SampleSummary> {
  validateOptions(options);
  const scale = options.scale ?? 1;
  const timeZone = options.timeZone ?? 'America/New_York';
  const fromDay = dayIndexOf(options.from);
  const toDay = dayIndexOf(options.to);
  const totalDays = toDay - fromDay + 1;

  // Independent streams: changing how spend is drawn does not reshuffle the funnel.
  const funnelRng = new SeededRandom(options.seed, 1);
  const marketingRng = new SeededRandom(options.seed, 2);
  const exportRng = new SeededRandom(options.seed, 3);

  const periods = plantedPeriods(options.to, timeZone);
  const plantedWeek = { start: dayIndexOf(periods.week.start), end: dayIndexOf(periods.week.end) };
  const plantedMonth = { start: dayIndexOf(periods.month.start), end: dayIndexOf(periods.month.end) };
  const plantedQuarterStart = dayIndexOf(periods.quarter.start);

  const offsetCache = new Map<number, number>();
  /** UTC offset in ms of the zone at local noon of a day (exact for all our business-hour times). */
  const offsetOf = (day: number): number => {
    let offset = offsetCache.get(day);
    if (offset === undefined) {
      const iso = isoDateOf(day);
      offset =
        DateTime.fromObject(
          { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)), hour: 12 },
          { zone: timeZone },
        ).offset * MINUTE_MS;
      offsetCache.set(day, offset);
    }
    return offset;
  };
  const utcOf = (wall: number): string => utcTimestampOf(wall - offsetOf(dayOf(wall)));

  /** Expected new leads on a day: weekday rhythm × season × growth toward `to` × scale. */
  const expectedLeads = (day: number): number => {
    const month = Number(isoDateOf(day).slice(5, 7));
    const growth = Math.pow(1 + ANNUAL_GROWTH, (day - toDay) / 365);
    return WEEKDAY_LEADS * scale * (WEEKDAY_FACTOR[weekdayOf(day)] ?? 1) * (MONTH_SEASONALITY[month - 1] ?? 1) * growth;
  };

  // ---- the funnel ------------------------------------------------------------------------

  const pending = new Map<number, PendingRow[]>();
  let order = 0;
  let contactSeq = 0;
  let opportunitySeq = 0;
  const enqueue = (row: PendingRow): void => {
    const day = dayOf(row.wall);
    if (day > toDay) return; // still in the future at the end of the range
    let rows = pending.get(day);
    if (!rows) {
      rows = [];
      pending.set(day, rows);
    }
    rows.push(row);
  };
  const lifecycle = (wall: number, contact: Contact, stage: LifecycleStage, reason = ''): void =>
    enqueue({ type: 'lifecycle', wall, order: order++, contact, stage, reason });
  const opportunityRow = (wall: number, opportunity: Opportunity, stage: OpportunityStage, closeDay: number, reason = ''): void =>
    enqueue({ type: 'opportunity', wall, order: order++, opportunity, stage, closeDay, reason });

  /** Business-hours time of day, peaking early afternoon. */
  const timeOfDay = (rng: SeededRandom): number => Math.min(22.5, Math.max(6.5, 13 + 2.8 * rng.normal())) * HOUR_MS;

  /**
   * The time `lag` days after `previous`. Sales steps rarely happen at weekends: most of those
   * slide to Monday. Always strictly after `previous`, and always inside business hours.
   */
  const after = (previous: number, lag: number, salesStep: boolean): number => {
    let day = dayOf(previous + lag * DAY_MS);
    const weekday = weekdayOf(day);
    if (salesStep && (weekday === 0 || weekday === 6) && funnelRng.chance(0.8)) day += weekday === 6 ? 2 : 1;
    let wall = day * DAY_MS + timeOfDay(funnelRng);
    if (wall <= previous) wall = previous + funnelRng.int(2, 90) * MINUTE_MS;
    if (wall - dayOf(wall) * DAY_MS > 22.9 * HOUR_MS) wall = (dayOf(wall) + 1) * DAY_MS + 8 * HOUR_MS + funnelRng.int(0, 120) * MINUTE_MS;
    return wall;
  };

  const newContact = (rng: SeededRandom): Contact => {
    contactSeq += 1;
    const team = rng.weighted(TEAM_MIX);
    const channel = rng.weighted(CHANNEL_MIX[team]);
    const region = rng.weighted(REGION_MIX);
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    return {
      contactId: String(1_000_000 + contactSeq),
      email: `${firstName}.${lastName}${contactSeq}@example.com`.toLowerCase(),
      firstName,
      lastName,
      phone: `+1 555-01${String(contactSeq % 100).padStart(2, '0')}`,
      team,
      channel,
      campaign: rng.weighted(CAMPAIGNS[channel]),
      segment: rng.weighted(SEGMENT_MIX[team]),
      region,
      owner: rng.pick(REPS_BY_REGION[region] ?? ['rep-01']),
    };
  };

  const newOpportunity = (rng: SeededRandom, contact: Contact, createdDay: number): Opportunity => {
    opportunitySeq += 1;
    const account = `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_SUFFIXES)}`;
    const amountLaw = DEAL_AMOUNT[contact.segment];
    return {
      id: `006Dn${opportunitySeq.toString(36).toUpperCase().padStart(10, '0')}`,
      name: `${account} - New Business`,
      account,
      contact,
      // Rounded to $50, as quotes are.
      amount: Math.max(500, Math.round(rng.logNormal(amountLaw.median, amountLaw.sigma) / 50) * 50),
      createdDay,
      expectedCloseDay: createdDay + Math.round(FUNNEL.expectedCloseDays * FUNNEL.cycleFactor[contact.segment]),
    };
  };

  /** Draws one lead's whole life and queues its events. */
  const simulateLead = (day: number): void => {
    const rng = funnelRng;
    const contact = newContact(rng);
    const created = day * DAY_MS + timeOfDay(rng);
    lifecycle(created, contact, 'Lead');

    let sqlAt: number;
    const team = contact.team;
    const path = team === 'Sales' || team === 'Partner' ? rng.next() : 0;
    const viaMql =
      team === 'Sales' || team === 'Partner'
        ? path >= FUNNEL.directToSql[team] && path < FUNNEL.directToSql[team] + FUNNEL.viaMql[team]
        : rng.chance(FUNNEL.leadToMql);
    if (viaMql) {
      const mqlAt = after(created, lagDays(rng, FUNNEL.leadToMqlLag), false);
      lifecycle(mqlAt, contact, 'Marketing Qualified Lead');
      const decidedAt = after(mqlAt, lagDays(rng, FUNNEL.mqlDecisionLag), true);
      // (a) the planted week: MQLs reaching sales in it, or decided in it, are mostly turned away.
      const planted = inRange(dayOf(mqlAt), plantedWeek) || inRange(dayOf(decidedAt), plantedWeek);
      if (!rng.chance(planted ? FUNNEL.plantedMqlAcceptance : FUNNEL.mqlAcceptance)) {
        lifecycle(decidedAt, contact, 'Disqualified', rng.weighted(planted ? PLANTED_DISQUALIFICATION_REASONS : DISQUALIFICATION_REASONS));
        return;
      }
      sqlAt = decidedAt;
    } else if ((team === 'Sales' || team === 'Partner') && path < FUNNEL.directToSql[team]) {
      sqlAt = after(created, lagDays(rng, FUNNEL.directToSqlLag), true);
    } else {
      return;
    }
    lifecycle(sqlAt, contact, 'Sales Qualified Lead');

    const opens = rng.chance(team === 'Partner' ? FUNNEL.sqlToOpportunityPartner : FUNNEL.sqlToOpportunity);
    const openedAt = after(sqlAt, lagDays(rng, FUNNEL.sqlToOpportunityLag), true);
    // (c) from the planted quarter on, fewer SQLs become opportunities: the pipeline for next quarter thins too.
    const keepsOpportunity = rng.chance(FUNNEL.plantedOpportunityFactor);
    if (!opens || (dayOf(openedAt) >= plantedQuarterStart && !keepsOpportunity)) return;
    const opportunity = newOpportunity(rng, contact, dayOf(openedAt));
    lifecycle(openedAt, contact, 'Opportunity');
    opportunityRow(openedAt, opportunity, 'Prospecting', opportunity.expectedCloseDay);

    let won = rng.chance(FUNNEL.winRate[contact.segment]);
    const cycle = FUNNEL.cycleFactor[contact.segment];
    const closedAt = after(openedAt, lagDays(rng, won ? FUNNEL.wonLag : FUNNEL.lostLag, cycle), true);
    // (c) from the planted quarter on, a share of would-be wins slip to losses.
    const keepsWin = rng.chance(FUNNEL.plantedWinRateFactor);
    if (won && dayOf(closedAt) >= plantedQuarterStart && !keepsWin) won = false;
    const lossReason = won ? '' : rng.weighted(LOSS_REASONS);

    // Stage moves in between are re-exported too (the export is a delta of changed rows).
    const span = closedAt - openedAt;
    if (span > 6 * DAY_MS) {
      opportunityRow(openedAt + Math.round(span * 0.35), opportunity, 'Proposal', opportunity.expectedCloseDay);
      opportunityRow(openedAt + Math.round(span * 0.7), opportunity, 'Negotiation', opportunity.expectedCloseDay);
    }
    lifecycle(closedAt, contact, won ? 'Customer' : 'Closed Lost', lossReason);
    opportunityRow(closedAt, opportunity, won ? 'Closed Won' : 'Closed Lost', dayOf(closedAt), lossReason);
  };

  // ---- export quirks planned up front ------------------------------------------------------

  const malformedPlan = new Map<number, MalformedKind>();
  for (let index = 0; index < MALFORMED_ROW_COUNT; index += 1) {
    // One per tenth of the range, at a random spot inside it.
    const day = fromDay + Math.floor(((index + 0.1 + 0.8 * exportRng.next()) * totalDays) / MALFORMED_ROW_COUNT);
    const kind = MALFORMED_KINDS[index % MALFORMED_KINDS.length];
    if (kind && !malformedPlan.has(day)) malformedPlan.set(day, kind);
  }

  // ---- rendering ---------------------------------------------------------------------------

  const lifecycleFields = (contact: Contact, stage: string, changedAt: string, reason: string): string[] => [
    contact.contactId,
    contact.email,
    contact.firstName,
    contact.lastName,
    contact.phone,
    stage,
    changedAt,
    contact.team,
    contact.channel,
    contact.campaign,
    contact.segment,
    contact.region,
    contact.owner,
    reason,
  ];

  const opportunityFields = (opportunity: Opportunity, stage: OpportunityStage, closeDay: number, reason: string, amount: string): string[] => [
    opportunity.id,
    opportunity.name,
    opportunity.account,
    opportunity.contact.email,
    opportunity.contact.owner,
    usDateOf(opportunity.createdDay),
    usDateOf(closeDay),
    stage,
    stage === 'Closed Won' ? '1' : '0',
    stage === 'Closed Won' || stage === 'Closed Lost' ? '1' : '0',
    amount,
    'USD',
    opportunity.contact.channel,
    opportunity.contact.team,
    opportunity.contact.campaign,
    opportunity.contact.segment,
    opportunity.contact.region,
    reason,
  ];

  const rows: Record<SampleSource, number> = { crm_lifecycle: 0, crm_opportunities: 0, ad_spend: 0, web_analytics: 0 };
  const stageChanges: Record<keyof SampleSummary['stageChanges'], number> = {
    lead: 0,
    mql: 0,
    sql: 0,
    opportunity: 0,
    won: 0,
    lost: 0,
    disqualified: 0,
  };
  const malformedRows: MalformedRow[] = [];
  const resentDays: string[] = [];
  let correction: SampleSummary['planted']['closeDateCorrection'];
  let previousLifecycleLines: string[] = [];
  let filesWritten = 0;

  /** A malformed row for `day` (an extra row about an entity of its own, so dropping it loses nothing). */
  const malformedRow = (day: number, kind: MalformedKind): { source: SampleSource; line: string; value: string } => {
    const contact = newContact(exportRng);
    const wall = day * DAY_MS + timeOfDay(exportRng);
    const changedAt = utcOf(wall);
    switch (kind) {
      case 'bad_date': {
        const iso = isoDateOf(day);
        const value = `31/02/${iso.slice(0, 4)} 14:05`;
        return { source: 'crm_lifecycle', value, line: csvLine(lifecycleFields(contact, 'Lead', value, ''), ',', LIFECYCLE_LINE_END) };
      }
      case 'unknown_stage':
        return { source: 'crm_lifecycle', value: 'Evangelist', line: csvLine(lifecycleFields(contact, 'Evangelist', changedAt, ''), ',', LIFECYCLE_LINE_END) };
      case 'blank_contact_id':
        return {
          source: 'crm_lifecycle',
          value: '',
          line: csvLine(lifecycleFields({ ...contact, contactId: '' }, 'Lead', changedAt, ''), ',', LIFECYCLE_LINE_END),
        };
      case 'negative_amount':
      case 'na_amount': {
        const opportunity = newOpportunity(exportRng, contact, day);
        const value = kind === 'na_amount' ? '#N/A' : `-${moneyText(opportunity.amount)}`;
        return {
          source: 'crm_opportunities',
          value,
          line: csvLine(opportunityFields(opportunity, 'Prospecting', opportunity.expectedCloseDay, '', value), ',', '\n'),
        };
      }
    }
  };

  const renderFunnelDay = (day: number): { lifecycle: string; opportunities: string } => {
    const dayRows = pending.get(day) ?? [];
    pending.delete(day);
    dayRows.sort((a, b) => a.wall - b.wall || a.order - b.order);
    const lifecycleLines: string[] = [];
    const opportunityLines: string[] = [];
    for (const row of dayRows) {
      if (row.type === 'lifecycle') {
        lifecycleLines.push(csvLine(lifecycleFields(row.contact, row.stage, utcOf(row.wall), row.reason), ',', LIFECYCLE_LINE_END));
        stageChanges[STAGE_COUNTER[row.stage]] += 1;
        continue;
      }
      const { opportunity } = row;
      opportunityLines.push(csvLine(opportunityFields(opportunity, row.stage, row.closeDay, row.reason, moneyText(opportunity.amount)), ',', '\n'));
      // The planted correction: the first win closing 10–40 days before `to` is re-exported four
      // days later with its Close Date moved three days earlier (the rep backdated the signature).
      if (
        !correction &&
        !row.correction &&
        row.stage === 'Closed Won' &&
        day >= toDay - 40 &&
        day <= toDay - 10 &&
        opportunity.createdDay <= day - 3
      ) {
        correction = {
          opportunityId: opportunity.id,
          originalCloseDate: isoDateOf(day),
          correctedCloseDate: isoDateOf(day - 3),
          reexportedOn: isoDateOf(day + 4),
        };
        enqueue({
          type: 'opportunity',
          wall: (day + 4) * DAY_MS + 10 * HOUR_MS,
          order: order++,
          opportunity,
          stage: 'Closed Won',
          closeDay: day - 3,
          reason: '',
          correction: true,
        });
      }
    }

    const kind = malformedPlan.get(day);
    if (kind) {
      const bad = malformedRow(day, kind);
      (bad.source === 'crm_lifecycle' ? lifecycleLines : opportunityLines).push(bad.line);
      malformedRows.push({ source: bad.source, date: isoDateOf(day), kind, value: bad.value });
    }

    // About once a week the CRM re-sends a few of yesterday's rows with today's file.
    let resent: string[] = [];
    if (day > fromDay && exportRng.chance(1 / 7) && previousLifecycleLines.length > 0) {
      const count = Math.min(previousLifecycleLines.length, exportRng.int(3, 8));
      const start = exportRng.int(0, previousLifecycleLines.length - count);
      resent = previousLifecycleLines.slice(start, start + count);
      resentDays.push(isoDateOf(day));
    }
    previousLifecycleLines = lifecycleLines;
    rows.crm_lifecycle += lifecycleLines.length + resent.length;
    rows.crm_opportunities += opportunityLines.length;
    return {
      lifecycle: LIFECYCLE_PREAMBLE + lifecycleLines.join('') + resent.join(''),
      opportunities: OPPORTUNITY_PREAMBLE + opportunityLines.join(''),
    };
  };

  /** Spend per paid channel and campaign, following the expected lead flow so cost per lead is steady. */
  const renderSpendDay = (day: number): string => {
    const rng = marketingRng;
    const leads = expectedLeads(day);
    const date = europeanDateOf(day);
    let text = SPEND_PREAMBLE;
    for (const channel of PAID_CHANNELS) {
      const channelLeads = leads * expectedChannelShare(channel);
      // (b) the planted month: Paid Social spend doubles, its leads do not move.
      const multiplier = channel === 'Paid Social' && inRange(day, plantedMonth) ? 2 : 1;
      const channelCost = channelLeads * (COST_PER_LEAD[channel] ?? 100) * multiplier * rng.logNormal(1, 0.15);
      for (const [campaign, share] of CAMPAIGNS[channel]) {
        const cost = channelCost * share * rng.logNormal(1, 0.1);
        const impressions = Math.round((cost / (CPM[channel] ?? 20)) * 1000 * rng.logNormal(1, 0.1));
        const clicks = Math.round(impressions * (CLICK_THROUGH[channel] ?? 0.01) * rng.logNormal(1, 0.1));
        text += csvLine([date, channel, campaign, moneyText(cost), 'USD', String(impressions), String(clicks)], ';', '\n');
        rows.ad_spend += 1;
      }
    }
    return text;
  };

  const renderSessionsDay = (day: number): string => {
    const rng = marketingRng;
    const leads = expectedLeads(day);
    const date = isoDateOf(day);
    let text = '';
    for (const channel of WEB_CHANNELS) {
      const sessions = Math.round(leads * expectedChannelShare(channel) * (SESSIONS_PER_LEAD[channel] ?? 50) * rng.logNormal(1, 0.1));
      text += JSON.stringify({ date, channel, sessions }) + '\n';
      rows.web_analytics += 1;
    }
    return text;
  };

  // ---- the day loop ------------------------------------------------------------------------

  for (let day = fromDay - WARM_UP_DAYS; day <= toDay; day += 1) {
    const newLeads = funnelRng.poisson(expectedLeads(day));
    for (let index = 0; index < newLeads; index += 1) simulateLead(day);
    if (day < fromDay) {
      pending.delete(day);
      continue;
    }
    const date = isoDateOf(day);
    const funnel = renderFunnelDay(day);
    await write(sampleLandingKey('crm_lifecycle', date), funnel.lifecycle);
    await write(sampleLandingKey('crm_opportunities', date), funnel.opportunities);
    await write(sampleLandingKey('ad_spend', date), renderSpendDay(day));
    await write(sampleLandingKey('web_analytics', date), renderSessionsDay(day));
    filesWritten += 4;
    options.onDayWritten?.(date, day - fromDay + 1, totalDays);
  }

  // Well-formed stage changes only: the malformed extras are not part of the funnel.
  return {
    seed: options.seed,
    from: options.from,
    to: options.to,
    scale,
    timeZone,
    days: totalDays,
    filesWritten,
    rows,
    stageChanges,
    planted: {
      acceptanceDrop: {
        ...periods.week,
        normalAcceptance: FUNNEL.mqlAcceptance,
        plantedAcceptance: FUNNEL.plantedMqlAcceptance,
        topRejectionReason: PLANTED_DISQUALIFICATION_REASONS[0]?.[0] ?? '',
      },
      costPerLeadSpike: { ...periods.month, channel: 'Paid Social', spendMultiplier: 2 },
      revenueMiss: { ...periods.quarter, winRateFactor: FUNNEL.plantedWinRateFactor, opportunityFactor: FUNNEL.plantedOpportunityFactor },
      ...(correction ? { closeDateCorrection: correction } : {}),
      malformedRows,
      resentDays,
    },
  };
}

/** Share of all new leads that arrive through a channel (any team). */
export const expectedChannelShare = (channel: ChannelLabel): number => {
  let share = 0;
  for (const [team, teamShare] of TEAM_MIX) {
    const mix = CHANNEL_MIX[team];
    let total = 0;
    for (const [, weight] of mix) total += weight;
    for (const [candidate, weight] of mix) if (candidate === channel) share += (teamShare * weight) / total;
  }
  return share;
};

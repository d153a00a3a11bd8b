import { DateTime } from 'luxon';
import { ENTITY_TYPES, FUNNEL_EVENTS_TABLE, FUNNEL_STAGES, MARKETING_SPEND_TABLE, SOURCE_TEAMS, WEB_SESSIONS_TABLE, type FunnelStage, type TableDefinition } from '../schema/canonical-schema.js';
import { deriveEventId } from './event-ids.js';
import type { RowRejection } from './ingest-errors.js';
import type { ResolvedSource } from './resolve-source.js';
import { createDateParser, createNumberParser, DAY_MS, slug } from './value-parsers.js';

/** A row as written to the lake: canonical column → value (timestamps in epoch ms, dates in epoch days). */
export type LakeRow = Record<string, string | number | null>;

/** A row's values in its table's column order (see LakeColumns), null for none. */
export type LakeCells = (string | number | null)[];

/** A lake row and the `dt` partition it belongs to. */
export interface PlacedRow {
  readonly dt: string;
  readonly cells: LakeCells;
}

const cellsOf = (table: TableDefinition, row: LakeRow): LakeCells => table.columns.map((c) => row[c.name] ?? null);

/** funnel_events columns in table order, as the event mapper writes them (checked below). */
const EVENT_COLUMNS = [
  'event_id', 'entity_id', 'entity_type', 'stage', 'occurred_at', 'source_team', 'channel',
  'campaign', 'segment', 'region', 'owner', 'amount', 'currency', 'reason', 'source',
] as const;
if (FUNNEL_EVENTS_TABLE.columns.map((c) => c.name).join() !== EVENT_COLUMNS.join()) throw new Error('row-mapper: funnel_events column order changed');

/** Everything a snapshot row says about one entity: the events it has reached so far. */
export interface EntitySnapshot {
  readonly entityId: string;
  readonly events: readonly PlacedRow[];
}

export type MappedRecord =
  | { readonly kind: 'row'; readonly placed: PlacedRow }
  | { readonly kind: 'snapshot'; readonly snapshot: EntitySnapshot }
  | { readonly kind: 'rejected'; readonly rejection: RowRejection };

export interface RowMapper {
  /** Source columns to read, in the order `map` expects their values. */
  readonly columns: readonly string[];
  /**
   * The record of one source row. An event row's record (`kind: 'row'`, its `placed` and cells)
   * is the same object on every call for an event-row source: a caller copies what it keeps.
   */
  map(values: readonly (string | undefined)[], line: number): MappedRecord;
  /**
   * The `dt` an event row will land in, from its timestamp alone (cheap: no id, no other field),
   * or undefined when the timestamp does not parse. Only event-row `funnel_events` sources place
   * rows this way; for the others it is always undefined.
   */
  placement(values: readonly (string | undefined)[]): string | undefined;
}

/**
 * `text` as a string of its own. The CSV reader's fields are slices of a 64 KB slice of the file's
 * text, and V8 keeps that whole text alive while a slice of 13 characters or more of it is
 * referenced: an 18-character Salesforce id held until the date's end would keep its part of the
 * export in memory, and a snapshot's ids all of it. Concatenating then slicing copies the
 * characters into a new string (V8 flattens the concatenation) and lets the file's text go.
 */
export const ownString = (text: string): string => (text.length < 13 ? text : (' ' + text).slice(1));

const STAGES = new Set<string>(FUNNEL_STAGES);
const TEAMS = new Set<string>(SOURCE_TEAMS);
const ENTITY_TYPE_SET = new Set<string>(ENTITY_TYPES);
const EARLIEST = Date.UTC(2000, 0, 1);
/** Distinct cell texts remembered per memoised field. */
const MEMO_LIMIT = 10_000;
/** Spreadsheet error values: in a number column they mean the figure is unknown, not absent. */
const SPREADSHEET_ERRORS = new Set(['#N/A', '#VALUE!', '#REF!', '#DIV/0!', '#NUM!', '#NAME?', '#NULL!']);

/** YYYY-MM-DD of epoch days. */
export const dayToIsoDate = (days: number): string => new Date(days * DAY_MS).toISOString().slice(0, 10);

/**
 * The reporting-zone date of an instant. Each local day is looked up once as a UTC range
 * (Luxon handles DST); rows then hit the last range or a small per-UTC-day list of ranges.
 */
export const createReportingDate = (zone: string): ((ms: number) => string) => {
  interface LocalDay {
    readonly from: number;
    readonly to: number;
    readonly date: string;
  }
  const byUtcDay = new Map<number, LocalDay[]>();
  let last: LocalDay = { from: 1, to: 0, date: '' };
  return (ms) => {
    if (ms >= last.from && ms < last.to) return last.date;
    const utcDay = Math.floor(ms / DAY_MS);
    const known = byUtcDay.get(utcDay);
    const hit = known?.find((day) => ms >= day.from && ms < day.to);
    if (hit) {
      last = hit;
      return hit.date;
    }
    const local = DateTime.fromMillis(ms, { zone });
    const day: LocalDay = { from: local.startOf('day').toMillis(), to: local.plus({ days: 1 }).startOf('day').toMillis(), date: local.toISODate() ?? '' };
    // Register the range under every UTC day it overlaps, so the lookup above finds it.
    for (let d = Math.floor(day.from / DAY_MS); d <= Math.floor((day.to - 1) / DAY_MS); d++) {
      const list = byUtcDay.get(d) ?? [];
      list.push(day);
      byUtcDay.set(d, list);
    }
    last = day;
    return day.date;
  };
};

class Rejected {
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly value?: string,
  ) {}
}

export const createRowMapper = (source: ResolvedSource, file: string, now: Date): RowMapper => {
  const columns: string[] = [];
  const indexOf = (column: string | undefined): number => {
    if (column === undefined) return -1;
    const at = columns.indexOf(column);
    if (at >= 0) return at;
    columns.push(column);
    return columns.length - 1;
  };
  const fieldIndex = new Map<string, number>();
  for (const [field, column] of Object.entries(source.columns)) fieldIndex.set(field, indexOf(column));

  const dates = createDateParser(source.dateFormat, source.timeZone);
  const parseNumber = createNumberParser(source);
  const reportingDate = createReportingDate(source.reportingTimeZone);
  const latest = now.getTime() + 2 * DAY_MS;
  const latestText = now.toISOString().slice(0, 10);
  const interned = new Map<string, string>();
  const intern = (text: string): string => {
    const known = interned.get(text);
    if (known !== undefined) return known;
    if (interned.size >= 100_000) return text;
    const own = ownString(text);
    interned.set(own, own);
    return own;
  };

  const longestNullValue = Math.max(0, ...[...source.nullValues].map((value) => value.length));
  let values: readonly (string | undefined)[] = [];
  /** Trimmed cell text, or undefined for blanks and null markers (`#N/A`, `NULL` …). */
  const cell = (index: number): string | undefined => {
    if (index < 0) return undefined;
    const raw = values[index];
    if (raw === undefined) return undefined;
    const text = raw.trim();
    // Most cells are longer than any null marker: no hashing them for the set.
    return text.length <= longestNullValue && source.nullValues.has(text) ? undefined : text;
  };
  const constant = (field: string): string | undefined => {
    const value = source.constants[field];
    return value === undefined ? undefined : String(value);
  };
  /** Each field's column (-1 for none) and constant, looked up once per field rather than per row. */
  const fieldSources = new Map<string, { readonly index: number; readonly constant: string | undefined }>();
  const fieldText = (field: string): string | undefined => {
    let from = fieldSources.get(field);
    if (from === undefined) {
      from = { index: fieldIndex.get(field) ?? -1, constant: constant(field) };
      fieldSources.set(field, from);
    }
    return from.index < 0 ? from.constant : (cell(from.index) ?? from.constant);
  };
  /** Like fieldText, but a spreadsheet error in a number column rejects the row instead of reading as blank. */
  const numberText = (field: string): string | undefined => {
    const index = fieldIndex.get(field) ?? -1;
    const raw = index < 0 ? undefined : values[index]?.trim();
    if (raw !== undefined && SPREADSHEET_ERRORS.has(raw)) throw new Rejected(field, `"${raw}" is not a number (a spreadsheet error in the export)`, raw);
    return fieldText(field);
  };
  const mapped = (field: string, text: string): string => {
    const map = source.valueMaps.get(field);
    if (map === undefined) return text;
    return map.get(text) ?? map.get(text.toLowerCase()) ?? text;
  };
  const required = (field: string): string => {
    const text = fieldText(field);
    if (text === undefined) throw new Rejected(field, 'required value is missing');
    return text;
  };
  const optionalText = (field: string): string | null => {
    const text = fieldText(field);
    return text === undefined ? null : intern(mapped(field, text));
  };
  const enumValue = (field: string, allowed: ReadonlySet<string>, text: string, what: string): string => {
    const value = mapped(field, text);
    const canonical = allowed.has(value) ? value : value.toLowerCase();
    if (!allowed.has(canonical)) throw new Rejected(field, `"${text}" is not a known ${what} (map it in valueMaps.${field})`, text);
    return canonical;
  };
  const instantOf = (field: string, text: string): number => {
    const ms = dates.instant(text);
    if (ms === undefined || Number.isNaN(ms)) throw new Rejected(field, `"${text}" is not a date in format ${dates.format}`, text);
    if (ms < EARLIEST) throw new Rejected(field, `"${text}" is before 2000-01-01`, text);
    if (ms > latest) throw new Rejected(field, `"${text}" is in the future (after ${latestText})`, text);
    return ms;
  };
  const dayOf = (field: string, text: string): number => {
    const day = dates.calendarDay(text);
    if (day === undefined) throw new Rejected(field, `"${text}" is not a date in format ${dates.format}`, text);
    if (day * DAY_MS < EARLIEST) throw new Rejected(field, `"${text}" is before 2000-01-01`, text);
    if (day * DAY_MS > latest) throw new Rejected(field, `"${text}" is in the future (after ${latestText})`, text);
    return day;
  };
  const amountOf = (field: string, text: string): number => {
    const amount = parseNumber(text);
    if (amount === undefined) throw new Rejected(field, `"${text}" is not a number`, text);
    if (amount < 0) throw new Rejected(field, `${text} is negative`, text);
    return amount;
  };
  const currencyOf = (hasAmount: boolean): string | null => {
    const text = fieldText('currency');
    if (text === undefined) return hasAmount ? source.currency : null;
    const code = mapped('currency', text).toUpperCase();
    if (code !== source.currency) {
      throw new Rejected('currency', `"${text}" is not the reporting currency ${source.currency} (no FX conversion)`, text);
    }
    return source.currency;
  };
  const channelOf = (text: string | undefined): string | null => {
    if (text === undefined) return null;
    const map = source.valueMaps.get('channel');
    // Unmapped channels keep a normalised slug rather than being rejected: spend still counts.
    return intern(map?.get(text) ?? map?.get(text.toLowerCase()) ?? slug(text));
  };
  const sourceTeamOf = (): string => {
    const text = fieldText('source_team');
    return text === undefined ? 'unknown' : enumValue('source_team', TEAMS, text, 'source team');
  };

  /**
   * `compute` (which reads only `field`'s cell) memoised on the raw cell text: exports repeat a few
   * stages, teams, channels and regions on every row, so most rows skip trimming, value maps and
   * slugs. Rejections are not memoised (they throw every time); a column of many distinct values
   * stops filling the memo at MEMO_LIMIT.
   */
  function memoised<T>(field: string, compute: () => T): () => T {
    const index = fieldIndex.get(field) ?? -1;
    // A field with no column reads the same (a constant, or nothing) on every row: computed once,
    // and a rejection of it rejected again each row.
    if (index < 0) {
      let outcome: { value: T } | { error: unknown } | undefined;
      return () => {
        if (outcome === undefined) {
          try {
            outcome = { value: compute() };
          } catch (error) {
            outcome = { error };
          }
        }
        if ('error' in outcome) throw outcome.error;
        return outcome.value;
      };
    }
    const known = new Map<string, T>();
    // The previous row's cell first: exports list an entity's rows together, so a value often
    // repeats, and comparing two short strings is cheaper than hashing one for the map.
    let lastRaw: string | undefined;
    let lastValue: T | undefined;
    return () => {
      const raw = values[index];
      if (raw === undefined) return compute();
      if (raw === lastRaw) return lastValue as T;
      let value = known.get(raw);
      if (value === undefined) {
        value = compute();
        if (known.size < MEMO_LIMIT) known.set(ownString(raw), value);
      }
      lastRaw = raw;
      lastValue = value;
      return value;
    };
  }

  // A rejection is kept until the file ends: its texts are copied out of the file's text.
  const reject = (line: number, error: unknown): MappedRecord => {
    if (!(error instanceof Rejected)) throw error;
    return { kind: 'rejected', rejection: { file, line, field: error.field, reason: ownString(error.reason), value: error.value === undefined ? undefined : ownString(error.value) } };
  };

  if (source.dataset === 'marketing_spend' || source.dataset === 'web_sessions') {
    const isSpend = source.dataset === 'marketing_spend';
    return {
      columns,
      placement: () => undefined,
      map(cells, line) {
        values = cells;
        try {
          const day = dayOf('date', required('date'));
          const channel = channelOf(required('channel')) as string;
          const dt = dayToIsoDate(day);
          if (isSpend) {
            const campaign = optionalText('campaign');
            const amountText = numberText('amount');
          if (amountText === undefined) throw new Rejected('amount', 'required value is missing');
          const amount = amountOf('amount', amountText);
            const row: LakeRow = {
              event_id: deriveEventId([source.id, dt, channel, campaign ?? '']),
              date: day,
              channel,
              campaign,
              amount,
              currency: currencyOf(true),
              source: source.id,
            };
            return { kind: 'row', placed: { dt, cells: cellsOf(MARKETING_SPEND_TABLE, row) } };
          }
          const sessionsText = numberText('sessions');
          if (sessionsText === undefined) throw new Rejected('sessions', 'required value is missing');
          const sessions = parseNumber(sessionsText);
          if (sessions === undefined || !Number.isInteger(sessions) || sessions < 0) {
            throw new Rejected('sessions', `"${sessionsText}" is not a whole number of sessions`, sessionsText);
          }
          const row: LakeRow = { event_id: deriveEventId([source.id, dt, channel]), date: day, channel, sessions, source: source.id };
          return { kind: 'row', placed: { dt, cells: cellsOf(WEB_SESSIONS_TABLE, row) } };
        } catch (error) {
          return reject(line, error);
        }
      },
    };
  }

  /** Writes an event row's own values into `cells` (EVENT_COLUMNS order); the attributes are written apart. */
  const fillEventCells = (cells: LakeCells, entityId: string, entityType: string, stage: string, occurredAt: number, eventId: string | null): LakeCells => {
    cells[0] = eventId;
    cells[1] = entityId;
    cells[2] = entityType;
    cells[3] = stage;
    cells[4] = occurredAt;
    cells[14] = source.id;
    return cells;
  };
  const sourceTeamCell = memoised('source_team', sourceTeamOf);
  const channelCell = memoised('channel', () => channelOf(fieldText('channel')));
  const campaignCell = memoised('campaign', () => optionalText('campaign'));
  const segmentCell = memoised('segment', () => optionalText('segment'));
  const regionCell = memoised('region', () => optionalText('region'));
  const ownerCell = memoised('owner', () => optionalText('owner'));
  const reasonCell = memoised('reason', () => optionalText('reason'));
  /**
   * Writes the row's attributes (source_team … reason) into `cells` at their EVENT_COLUMNS places,
   * straight into the row's cells rather than through an object a row (garbage for the reading
   * thread's young generation, a million objects on the benchmark).
   */
  const fillAttributeCells = (cells: LakeCells): LakeCells => {
    const amountText = numberText('amount');
    const amount = amountText === undefined ? null : amountOf('amount', amountText);
    cells[5] = sourceTeamCell();
    cells[6] = channelCell();
    cells[7] = campaignCell();
    cells[8] = segmentCell();
    cells[9] = regionCell();
    cells[10] = ownerCell();
    cells[11] = amount;
    cells[12] = currencyOf(amount !== null);
    cells[13] = reasonCell();
    return cells;
  };

  const snapshot = source.snapshot;
  if (source.shape === 'events' || snapshot === undefined) {
    const hasSourceIds = fieldIndex.has('event_id');
    const entityTypeCell = memoised('entity_type', () => enumValue('entity_type', ENTITY_TYPE_SET, required('entity_type'), 'entity type'));
    const stageCell = memoised('stage', () => enumValue('stage', STAGES, required('stage'), 'stage'));
    const occurredIndex = fieldIndex.get('occurred_at') ?? -1;
    const reused = { kind: 'row' as const, placed: { dt: '', cells: new Array<string | number | null>(EVENT_COLUMNS.length).fill(null) } };
    return {
      columns,
      placement(cells) {
        values = cells;
        const text = cell(occurredIndex) ?? constant('occurred_at');
        if (text === undefined) return undefined;
        const ms = dates.instant(text);
        return ms === undefined || Number.isNaN(ms) ? undefined : reportingDate(ms);
      },
      map(cells, line) {
        values = cells;
        try {
          const entityId = ownString(required('entity_id'));
          const entityType = entityTypeCell();
          const stage = stageCell();
          const occurredAt = instantOf('occurred_at', required('occurred_at'));
          // Without source ids, the id (eventRowIds) is derived where the partition is merged, in
          // the encoder thread when there is one, not here on the thread that reads the file.
          const eventId = hasSourceIds ? ownString(required('event_id')) : null;
          // One record for every row of the file (see RowMapper.map), not four objects a row.
          fillAttributeCells(fillEventCells(reused.placed.cells, entityId, entityType, stage, occurredAt, eventId));
          reused.placed.dt = reportingDate(occurredAt);
          return reused;
        } catch (error) {
          return reject(line, error);
        }
      },
    };
  }

  const entityIndex = indexOf(snapshot.entityIdColumn);
  const stageIndices = snapshot.stageDates.map(({ stage, column }) => ({ stage, column, index: indexOf(column) }));
  const outcome = snapshot.outcome && {
    dateIndex: indexOf(snapshot.outcome.dateColumn),
    dateColumn: snapshot.outcome.dateColumn,
    wonIndex: indexOf(snapshot.outcome.wonColumn),
    closedIndex: indexOf(snapshot.outcome.closedColumn),
    wonValues: snapshot.outcome.wonValues,
    closedValues: snapshot.outcome.closedValues,
  };
  return {
    columns,
    placement: () => undefined,
    map(cells, line) {
      values = cells;
      try {
        const entityText = cell(entityIndex);
        if (entityText === undefined) throw new Rejected(snapshot.entityIdColumn, 'required value is missing');
        // Held with the snapshot until the date's end.
        const entityId = ownString(entityText);
        const attributes = fillAttributeCells(new Array<string | number | null>(EVENT_COLUMNS.length));
        const reached: { stage: FunnelStage; at: number }[] = [];
        for (const { stage, column, index } of stageIndices) {
          const text = cell(index);
          if (text !== undefined) reached.push({ stage, at: instantOf(column, text) });
        }
        if (outcome) {
          const won = outcome.wonValues.has((cell(outcome.wonIndex) ?? '').toLowerCase());
          const closed = won || (outcome.closedIndex >= 0 && outcome.closedValues.has((cell(outcome.closedIndex) ?? '').toLowerCase()));
          if (closed) {
            const text = cell(outcome.dateIndex);
            if (text === undefined) throw new Rejected(outcome.dateColumn, 'required value is missing for a closed record');
            reached.push({ stage: won ? 'won' : 'lost', at: instantOf(outcome.dateColumn, text) });
          }
        }
        const events = reached.map(({ stage, at }): PlacedRow => {
          // One id per (source, entity, stage): a later snapshot that moves the date replaces the event.
          const cells = fillEventCells(attributes.slice(), entityId, snapshot.entityType, stage, at, deriveEventId([source.id, entityId, stage]));
          if (stage !== 'lost' && stage !== 'disqualified') cells[13] = null;
          return { dt: reportingDate(at), cells };
        });
        return { kind: 'snapshot', snapshot: { entityId, events } };
      } catch (error) {
        return reject(line, error);
      }
    },
  };
};

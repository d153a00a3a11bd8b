import { z } from 'zod';
import { DATASETS, ENTITY_TYPES, FUNNEL_STAGES } from '../schema/canonical-schema.js';

/**
 * How one landing source maps onto a canonical dataset. A new export format needs a config
 * entry of this shape, never a code change. `preset` fills in the fields of a known export
 * (HubSpot, Salesforce); anything given here overrides the preset.
 */

export const PRESET_NAMES = ['hubspot-contacts', 'hubspot-deals', 'salesforce-opportunities'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const csvFormatSchema = z.strictObject({
  type: z.literal('csv'),
  /** One character; detected from the header line when absent (`,` `;` tab `|`). */
  delimiter: z.string().length(1, { error: 'must be one character' }).optional(),
  quote: z.string().length(1, { error: 'must be one character' }).default('"'),
});

const jsonFormatSchema = z.strictObject({ type: z.enum(['ndjson', 'json']) });

export const fileFormatSchema = z.discriminatedUnion('type', [csvFormatSchema, jsonFormatSchema]);

export const snapshotSchema = z.strictObject({
  /** Source column holding the entity's id. */
  entityId: z.string().min(1),
  entityType: z.enum(ENTITY_TYPES),
  /** Stage → source column holding the date that stage was reached ("Became a Lead Date"). */
  stageDates: z.partialRecord(z.enum(FUNNEL_STAGES), z.string().min(1)),
  /**
   * Closed outcome from flags (Salesforce: IsWon / IsClosed at CloseDate): the row reaches
   * `won` or `lost` at `dateColumn` when the flags say so.
   */
  outcome: z
    .strictObject({
      dateColumn: z.string().min(1),
      wonColumn: z.string().min(1),
      closedColumn: z.string().min(1).optional(),
      /** Values of `wonColumn` meaning won (matched case-insensitively). */
      trueValues: z.array(z.string()).default(['true', 'TRUE', 'True', '1', 'yes', 'Yes']),
      /** Values of `closedColumn` meaning closed; defaults to `trueValues` (HubSpot: the closed deal stages). */
      closedValues: z.array(z.string()).optional(),
    })
    .optional(),
});

export const sourceMappingSchema = z.strictObject({
  preset: z.enum(PRESET_NAMES).optional(),
  dataset: z.enum(DATASETS).optional(),
  /** `events`: one row per stage change. `snapshot`: one row per entity with a date column per stage. */
  shape: z.enum(['events', 'snapshot']).optional(),
  format: fileFormatSchema.optional(),
  /** Canonical field → source column name. */
  columns: z.record(z.string(), z.string()).default({}),
  /** Canonical field → fixed value for every row. */
  constants: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  /** Canonical field → (source value → canonical value); matched case-insensitively. */
  valueMaps: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  dates: z
    .strictObject({
      /**
       * `iso` (the default), or a format: Luxon tokens (`dd-MM-yyyy HH:mm`, `MM/dd/yyyy`) or the
       * spreadsheet spelling (`DD-MM-YYYY HH:mm`, `MM/DD/YYYY`). Values may omit the time part.
       */
      format: z.string().min(1).optional(),
      /** IANA zone of wall-clock times without an offset; defaults to the reporting time zone. */
      timeZone: z.string().optional(),
    })
    .optional(),
  numbers: z
    .strictObject({
      /** Decimal mark; `.` unless given. */
      decimal: z.enum(['.', ',']).optional(),
      /** Thousands separator; `,` when the decimal mark is `.`, `.` when it is `,`. */
      thousands: z.enum([',', '.', ' ', "'", '']).optional(),
    })
    .optional(),
  /** Cell values read as empty (default: blank, `#N/A`, `N/A`, `NULL`, `null`, `None`, `-`, `(not set)`). */
  nullValues: z.array(z.string()).optional(),
  /** Source columns never read: personal data (names, emails, phones) stays out of the lake. */
  drop: z.array(z.string()).default([]),
  snapshot: snapshotSchema.optional(),
});

export type SourceMapping = z.infer<typeof sourceMappingSchema>;

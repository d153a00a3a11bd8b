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
  type: z.literal('csv').describe('The file format.'),
  delimiter: z
    .string()
    .length(1, { error: 'must be one character' })
    .optional()
    .describe('One character; detected from the header line when absent (`,` `;` tab `|`).'),
  quote: z.string().length(1, { error: 'must be one character' }).default('"').describe('Quote character.'),
});

const jsonFormatSchema = z.strictObject({
  type: z.enum(['ndjson', 'json']).describe('The file format: `ndjson`, one object a line; `json`, an array of objects.'),
});

export const fileFormatSchema = z
  .discriminatedUnion('type', [csvFormatSchema, jsonFormatSchema])
  .describe('How the files are written: `{ "type": "csv", "delimiter"?, "quote"? }` or `{ "type": "ndjson" | "json" }`.');

export const snapshotSchema = z
  .strictObject({
    entityId: z.string().min(1).describe("Source column holding the entity's id."),
    entityType: z.enum(ENTITY_TYPES).describe('`lead` or `deal`.'),
    stageDates: z
      .partialRecord(z.enum(FUNNEL_STAGES), z.string().min(1))
      .describe('Stage → source column holding the date that stage was reached ("Became a Lead Date").'),
    outcome: z
      .strictObject({
        dateColumn: z.string().min(1).describe('Column holding the close date.'),
        wonColumn: z.string().min(1).describe('Column saying whether the deal was won.'),
        closedColumn: z.string().min(1).optional().describe('Column saying whether the deal is closed.'),
        trueValues: z
          .array(z.string())
          .default(['true', 'TRUE', 'True', '1', 'yes', 'Yes'])
          .describe('Values of `wonColumn` meaning won (matched case-insensitively).'),
        closedValues: z
          .array(z.string())
          .optional()
          .describe('Values of `closedColumn` meaning closed; defaults to `trueValues` (HubSpot: the closed deal stages).'),
      })
      .optional()
      .describe('Closed outcome from flags (Salesforce: IsWon / IsClosed at CloseDate): the row reaches `won` or `lost` at `dateColumn` when the flags say so.'),
  })
  .describe('For `shape: "snapshot"`: one row per entity, re-exported nightly, with a date column per stage reached.');

export const sourceMappingSchema = z.strictObject({
  preset: z.enum(PRESET_NAMES).optional().describe('A known export whose mapping this source starts from; its own fields override the preset\'s.'),
  dataset: z.enum(DATASETS).optional().describe('The canonical dataset the source feeds (from the preset when absent).'),
  shape: z
    .enum(['events', 'snapshot'])
    .optional()
    .describe('`events`: one row per stage change. `snapshot`: one row per entity with a date column per stage.'),
  format: fileFormatSchema.optional(),
  columns: z.record(z.string().meta({ title: 'field' }), z.string()).default({}).describe('Canonical field → source column name.'),
  constants: z
    .record(z.string().meta({ title: 'field' }), z.union([z.string(), z.number()]))
    .default({})
    .describe('Canonical field → fixed value for every row.'),
  valueMaps: z
    .record(z.string().meta({ title: 'field' }), z.record(z.string().meta({ title: 'source value' }), z.string()))
    .default({})
    .describe('Canonical field → (source value → canonical value); matched exactly, then case-insensitively.'),
  dates: z
    .strictObject({
      format: z
        .string()
        .min(1)
        .optional()
        .describe(
          '`iso` (the default), or a format: Luxon tokens (`dd-MM-yyyy HH:mm`, `MM/dd/yyyy`) or the spreadsheet spelling (`DD-MM-YYYY HH:mm`, `MM/DD/YYYY`). Values may omit the time part.',
        ),
      timeZone: z.string().optional().describe('IANA zone of wall-clock times without an offset; defaults to the reporting time zone.'),
    })
    .optional()
    .describe('How dates are written.'),
  numbers: z
    .strictObject({
      decimal: z.enum(['.', ',']).optional().describe('Decimal mark; `.` unless given.'),
      thousands: z
        .enum([',', '.', ' ', "'", ''])
        .optional()
        .describe('Thousands separator; `,` when the decimal mark is `.`, `.` when it is `,`.'),
    })
    .optional()
    .describe('How amounts are written.'),
  nullValues: z
    .array(z.string())
    .optional()
    .describe('Cell values read as empty (default: blank, `#N/A`, `N/A`, `NULL`, `null`, `None`, `-`, `(not set)`).'),
  drop: z
    .array(z.string())
    .default([])
    .describe('Source columns never read: personal data (names, emails, phones) stays out of the lake.'),
  snapshot: snapshotSchema.optional(),
});

export type SourceMapping = z.infer<typeof sourceMappingSchema>;

import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { LakeColumns } from '../../lambdas/ingest/lake-columns.js';
import { MAX_DICTIONARY, PackedColumns, packRows, unpackRows, type WireRows } from '../../lambdas/ingest/packed-columns.js';
import type { LakeCells } from '../../lambdas/ingest/row-mapper.js';
import { FUNNEL_EVENTS_TABLE } from '../../lambdas/schema/canonical-schema.js';

/** An event row in table order: ids and owners vary per row, the rest repeats; every 7th row has nulls. */
const eventCells = (i: number): LakeCells => [
  i % 7 === 0 ? null : `evt-${i}`,
  `C-${i}`,
  'contact',
  i % 2 === 0 ? 'lead' : 'mql',
  1_741_000_000_000 + i * 1_000,
  'marketing',
  i % 7 === 0 ? null : 'email',
  `Campagne ${i % 3} – été`,
  'SMB',
  'EMEA',
  `Rep ${i}`,
  i % 7 === 0 ? null : i * 1.5,
  i % 7 === 0 ? null : 'EUR',
  null,
  'crm_lifecycle',
];

const pushed = (rows: number): { packed: PackedColumns; plain: LakeColumns } => {
  const packed = new PackedColumns(FUNNEL_EVENTS_TABLE);
  const plain = new LakeColumns(FUNNEL_EVENTS_TABLE);
  for (let i = 0; i < rows; i++) {
    packed.pushCells(eventCells(i));
    plain.pushCells(eventCells(i));
  }
  return { packed, plain };
};

describe('PackedColumns', () => {
  it('gives back the rows pushed, nulls and non-ASCII text included, whether a column stayed codes or turned to bytes', () => {
    // Prepare: more distinct owners and ids than a dictionary holds, so those columns turn to bytes mid-way.
    const rows = 2 * MAX_DICTIONARY;
    const { packed, plain } = pushed(rows);

    // Act
    const wire = packed.wire();
    const back = unpackRows(FUNNEL_EVENTS_TABLE, wire.columns, wire.length);

    // Assess
    expect(wire.columns.map((c) => c.kind)).toEqual([
      'bytes', 'bytes', 'codes', 'codes', 'numbers', 'codes', 'codes', 'codes', 'codes', 'codes', 'bytes', 'numbers', 'codes', 'codes', 'codes',
    ]);
    expect(back.length).toBe(rows);
    expect(back.columns).toEqual(plain.columns);
    expect(pushed(rows).packed.toLakeColumns().columns).toEqual(plain.columns);
  });

  it('holds the id columns (written without a dictionary) as bytes from the first row, ASCII or not, short or long', () => {
    // Prepare: a few rows, far below the dictionary limit; ids short and ASCII, non-ASCII, over 32 characters, and null.
    const entityIds = ['C-1', 'Kontakt-ü-2', `0063000000${'x'.repeat(30)}`, 'C-1', 'Ωmega-5'];
    const packed = new PackedColumns(FUNNEL_EVENTS_TABLE);
    const plain = new LakeColumns(FUNNEL_EVENTS_TABLE);
    entityIds.forEach((id, i) => {
      const cells = eventCells(i);
      cells[1] = id;
      packed.pushCells(cells);
      plain.pushCells(cells);
    });

    // Act
    const wire = packed.wire();
    const back = unpackRows(FUNNEL_EVENTS_TABLE, wire.columns, wire.length);

    // Assess: event_id and entity_id as bytes, the other text columns as codes, every value back.
    expect(wire.columns.map((c) => c.kind).slice(0, 4)).toEqual(['bytes', 'bytes', 'codes', 'codes']);
    expect(back.column('entity_id')).toEqual(entityIds);
    expect(back.columns).toEqual(plain.columns);
  });

  it('hands its arrays over to another thread without copying them, and refuses to be used after', async () => {
    // Prepare: rows in every column kind, sent through a message port as to the encoder thread.
    const rows = MAX_DICTIONARY + 500;
    const { packed, plain } = pushed(rows);
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<WireRows>((resolve) => port2.once('message', resolve));

    // Act
    const wire = packed.wire();
    port1.postMessage(wire, wire.transfer);
    const arrived = await received;
    port1.close();

    // Assess: the rows arrive whole; here the arrays are gone (moved, not copied), and the packed
    // rows refuse more rows, a truncation or a second hand-over.
    expect(unpackRows(FUNNEL_EVENTS_TABLE, arrived.columns, arrived.length).columns).toEqual(plain.columns);
    expect(wire.transfer.every((buffer) => buffer.byteLength === 0)).toBe(true);
    expect(() => packed.pushCells(eventCells(1))).toThrow('handed over');
    expect(() => packed.truncate(1)).toThrow('handed over');
    expect(() => packed.wire()).toThrow('handed over');
    expect(() => packed.toLakeColumns()).toThrow('handed over');
  });

  it('drops the rows after a truncation point in every column kind, and appends after it as if they were never there', () => {
    // Prepare: rows pushed past the dictionary limit, then cut back below and above where the switch happened.
    for (const keep of [10, MAX_DICTIONARY + 100]) {
      const { packed } = pushed(MAX_DICTIONARY + 300);

      // Act
      packed.truncate(keep);
      packed.pushCells(eventCells(99_999));

      // Assess
      const expected = new LakeColumns(FUNNEL_EVENTS_TABLE);
      for (let i = 0; i < keep; i++) expected.pushCells(eventCells(i));
      expected.pushCells(eventCells(99_999));
      expect(packed.length).toBe(keep + 1);
      expect(packed.toLakeColumns().columns).toEqual(expected.columns);
    }
  });

  it('packs LakeColumns the same way, so rows held either way reach the encoder thread alike', () => {
    // Prepare
    const { packed, plain } = pushed(300);

    // Act
    const fromPlain = packRows(plain);

    // Assess
    expect(fromPlain.length).toBe(300);
    expect(unpackRows(FUNNEL_EVENTS_TABLE, fromPlain.columns, fromPlain.length).columns).toEqual(packed.toLakeColumns().columns);
    expect(fromPlain.transfer.length).toBeGreaterThan(0);
    expect(fromPlain.transfer.length).toBe(new Set(fromPlain.transfer).size);
  });
});

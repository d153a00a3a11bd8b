import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../lambdas/ingest/record-reader.js';
import { resolveSource } from '../../lambdas/ingest/resolve-source.js';
import { createRowMapper } from '../../lambdas/ingest/row-mapper.js';
import type { SourceMapping } from '../../lambdas/config/source-mapping-schema.js';
import { configWithSources, NOW, sampleSources } from './ingest-fixtures.js';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
const heapUsed = (): number => {
  collectGarbage();
  return process.memoryUsage().heapUsed;
};

const HEADER =
  'Opportunity ID,Opportunity Name,Account Name,Contact Email,Opportunity Owner,Created Date,Close Date,Stage,Won,Closed,Amount,Opportunity Currency,Lead Source,Source Team,Campaign,Segment,Region,Loss Reason';

/** A Salesforce export of `deals` opportunities with 18-character ids and long text that is not kept. */
const opportunitiesExport = (deals: number): Buffer => {
  const lines = [HEADER];
  const name = 'Expansion of the platform rollout across regional offices '.repeat(20);
  for (let i = 0; i < deals; i++) {
    lines.push(`0065g00000${String(i).padStart(8, '0')},"${name}${i}",Acme ${i % 50},buyer${i}@acme.example,Sam Patel,03/01/2026,03/04/2026,Prospecting,0,0,"12,500.00",USD,Paid Search,Marketing,Spring launch ${i % 7},SMB,EMEA,`);
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
};

describe('text kept from an export', () => {
  it("lets the export's text go: a snapshot's 18-character ids, kept until the date's end, are strings of their own", async () => {
    // Prepare: 20 MB of export, of which the ids are about 1 MB.
    const config = configWithSources(sampleSources('crm_opportunities'));
    const source = resolveSource('crm_opportunities', config.sources.crm_opportunities as SourceMapping, config);
    /** The entity ids of an export, read and mapped as ingest does, kept as a snapshot batch keeps them until the date's end. */
    const entityIdsOf = async (body: Buffer): Promise<string[]> => {
      const mapper = createRowMapper(source, 'opportunities.csv', NOW);
      const kept: string[] = [];
      await readRecords(Readable.from([body.subarray(0, body.length >> 1), body.subarray(body.length >> 1)]), source.format, 'opportunities.csv', mapper.columns, {
        onRecord: (values, line) => {
          const mapped = mapper.map(values, line);
          if (mapped.kind !== 'snapshot') throw new Error(`line ${line} was not a snapshot row: ${JSON.stringify(mapped)}`);
          kept.push(mapped.snapshot.entityId);
        },
        onBadRecord: () => undefined,
      });
      return kept;
    };
    // A first, small read compiles and warms what reading allocates once, so it is not counted.
    await entityIdsOf(opportunitiesExport(500));
    const body = opportunitiesExport(16_000);
    const before = heapUsed();

    // Act
    const kept = await entityIdsOf(body);
    const retained = heapUsed() - before;

    // Assess
    expect(kept).toHaveLength(16_000);
    expect(kept[15_999]).toBe('0065g0000000015999');
    expect(body.length).toBeGreaterThan(20_000_000);
    // Kept as slices, they held the whole export (22.6 MB); as strings of their own, about 1 MB.
    expect(retained).toBeLessThan(body.length / 4);
  });
});

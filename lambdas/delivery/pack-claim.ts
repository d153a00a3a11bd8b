import type { Cadence } from '../calendar/period-types.js';
import { ObjectExistsError, type ObjectStore } from '../ports/object-store.js';

/**
 * One run at a time per pack (cadence, period), in the reports store, so a run never writes
 * into another run's archive:
 *
 *  claim    create `claims/<cadence>/<period>/run-<n>.json` with S3 `If-None-Match: *`, where n is
 *           one past the latest claim; of two runs racing for the same n only one wins;
 *  release  the winner rewrites its claim with `releasedAt` when it is done (never a delete:
 *           the report role deletes nothing).
 *
 * A later run may claim once the latest claim is released, or older than `staleAfterMs` (its run
 * died: the report function's timeout is shorter). The report function also runs with reserved concurrency 1,
 * which serialises its invocations; the claim still guards runs that meet some other way (a CLI
 * run on the same store, a raised concurrency).
 */

export interface PackClaimRecord {
  readonly cadence: Cadence;
  readonly periodId: string;
  readonly run: number;
  readonly claimedAt: string;
  readonly invocationId?: string;
  readonly releasedAt?: string;
}

export type PackClaim =
  | { readonly kind: 'claimed'; readonly record: PackClaimRecord; release(now: Date): Promise<void> }
  /** Another run holds the pack now. */
  | { readonly kind: 'busy'; readonly holder: PackClaimRecord };

export interface PackClaimRequest {
  readonly cadence: Cadence;
  readonly periodId: string;
  readonly now: Date;
  readonly invocationId?: string;
  /** @default PACK_CLAIM_STALE_AFTER_MS */
  readonly staleAfterMs?: number;
}

const CLAIM_ROUNDS = 3;

/** Longer than the report function's 10-minute timeout: a younger unreleased claim may be running. */
export const PACK_CLAIM_STALE_AFTER_MS = 15 * 60 * 1000;

/** Another run holds the pack; thrown by the handler so the platform retries later. */
export class PackInProgressError extends Error {
  constructor(
    readonly cadence: string,
    readonly periodId: string,
    readonly holder: PackClaimRecord,
  ) {
    super(
      `${cadence} pack ${periodId} is claimed by run ${holder.run} since ${holder.claimedAt}` +
        `${holder.invocationId === undefined ? '' : ` (invocation ${holder.invocationId})`}: nothing was written or sent; ` +
        `retry once it finishes, or after ${new Date(Date.parse(holder.claimedAt) + PACK_CLAIM_STALE_AFTER_MS).toISOString()} if that run died`,
    );
    this.name = 'PackInProgressError';
  }
}

export const packClaimPrefix = (cadence: string, periodId: string): string => `claims/${cadence}/${periodId}/`;

/** Zero-padded, so keys sort as numbers do. */
const claimKey = (cadence: string, periodId: string, run: number): string => `${packClaimPrefix(cadence, periodId)}run-${String(run).padStart(6, '0')}.json`;

const encode = (record: PackClaimRecord): string => `${JSON.stringify(record, null, 2)}\n`;

const latestClaim = async (store: ObjectStore, cadence: string, periodId: string): Promise<PackClaimRecord | undefined> => {
  const runs = (await store.list(packClaimPrefix(cadence, periodId)))
    .map((object) => /run-(\d+)\.json$/.exec(object.key)?.[1])
    .filter((run): run is string => run !== undefined)
    .map(Number);
  if (runs.length === 0) return undefined;
  const body = await store.get(claimKey(cadence, periodId, Math.max(...runs)));
  return body === undefined ? undefined : (JSON.parse(Buffer.from(body).toString('utf8')) as PackClaimRecord);
};

export const claimPack = async (store: ObjectStore, request: PackClaimRequest): Promise<PackClaim> => {
  const staleAfterMs = request.staleAfterMs ?? PACK_CLAIM_STALE_AFTER_MS;
  for (let round = 0; round < CLAIM_ROUNDS; round += 1) {
    const latest = await latestClaim(store, request.cadence, request.periodId);
    if (latest !== undefined && latest.releasedAt === undefined && request.now.getTime() - Date.parse(latest.claimedAt) < staleAfterMs) {
      return { kind: 'busy', holder: latest };
    }
    const record: PackClaimRecord = {
      cadence: request.cadence,
      periodId: request.periodId,
      run: (latest?.run ?? 0) + 1,
      claimedAt: request.now.toISOString(),
      ...(request.invocationId === undefined ? {} : { invocationId: request.invocationId }),
    };
    const key = claimKey(request.cadence, request.periodId, record.run);
    try {
      await store.put(key, encode(record), { ifNoneMatch: true, contentType: 'application/json' });
    } catch (error) {
      if (error instanceof ObjectExistsError) continue;
      throw error;
    }
    return {
      kind: 'claimed',
      record,
      release: (now) => store.put(key, encode({ ...record, releasedAt: now.toISOString() }), { contentType: 'application/json' }),
    };
  }
  // Lost every round to runs claiming the same number: one of them holds the pack.
  const holder = await latestClaim(store, request.cadence, request.periodId);
  if (holder === undefined) throw new Error(`pack claim ${packClaimPrefix(request.cadence, request.periodId)} vanished while claiming`);
  return { kind: 'busy', holder };
};

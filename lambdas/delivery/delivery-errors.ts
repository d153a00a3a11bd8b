/** At least one team's send failed; thrown by the handler so the platform retries and alarms. */
export class DeliveryFailedError extends Error {
  constructor(
    readonly cadence: string,
    readonly periodId: string,
    readonly failures: readonly { readonly team: string; readonly error?: string }[],
  ) {
    super(
      `${cadence} pack ${periodId} was not delivered to ${failures.length === 1 ? 'team' : 'teams'} ` +
        failures.map((failure) => `${failure.team} (${failure.error ?? 'unknown error'})`).join(', '),
    );
    this.name = 'DeliveryFailedError';
  }
}

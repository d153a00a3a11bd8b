/** A Slack Block Kit message, as an incoming webhook takes it. */
export interface SlackPayload {
  /** The notification text (and what clients without blocks show). */
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
}

export interface SlackPost {
  readonly team: string;
  /** `weekly/2026-W47/sales`: names the post in logs and in the local outbox. */
  readonly pack: string;
  /** The Secrets Manager secret whose value is the team's incoming-webhook URL. */
  readonly webhookSecret: string;
  readonly payload: SlackPayload;
}

/** A team's Slack channel: an incoming webhook in AWS, an outbox folder of JSON files locally. */
export interface SlackPoster {
  post(message: SlackPost): Promise<void>;
}

/** Slack refused or could not be reached; the message never names the webhook URL (a secret). */
export class SlackPostError extends Error {
  constructor(
    readonly team: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Slack did not accept the post for team ${team}: ${reason}`, options);
    this.name = 'SlackPostError';
  }
}

/**
 * The request went out but no answer came back (timeout, broken connection): the post may or may
 * not be in the channel. Delivery leaves its claim unsettled, so it is never posted twice on its
 * own; ops decide (like an email whose send outcome is unknown).
 */
export class SlackPostUnknownError extends Error {
  readonly outcomeUnknown = true;

  constructor(
    readonly team: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Slack post for team ${team} may or may not have arrived: ${reason}`, options);
    this.name = 'SlackPostUnknownError';
  }
}

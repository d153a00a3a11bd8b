/** A fully built MIME message for one team. */
export interface OutgoingMessage {
  readonly team: string;
  readonly from: string;
  /** Recipients, always taken from config. */
  readonly to: readonly string[];
  readonly subject: string;
  /** The raw RFC 5322 message (also archived as `.eml`). */
  readonly raw: Uint8Array;
}

export interface SentMessage {
  readonly messageId: string;
}

/** SES SendRawEmail in AWS, an outbox folder of `.eml` files locally. */
export interface Mailer {
  send(message: OutgoingMessage): Promise<SentMessage>;
}

/**
 * The small logging surface the pipeline needs. Powertools' Logger satisfies it; tests and the
 * CLI can pass anything with these four methods.
 */
export type LogAttributes = Record<string, unknown>;

export interface AppLogger {
  debug(message: string, ...extra: LogAttributes[]): void;
  info(message: string, ...extra: LogAttributes[]): void;
  warn(message: string, ...extra: LogAttributes[]): void;
  error(message: string, ...extra: LogAttributes[]): void;
}

/** Discards everything (for callers that want no output). */
export const silentLogger: AppLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const EMAIL_ADDRESS = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[A-Za-z]{2,}/g;

/**
 * Removes email addresses from text that may reach a log, a delivery record or an ops message
 * (SES errors name the unverified address, for instance).
 */
export const redactAddresses = (text: string): string => text.replace(EMAIL_ADDRESS, '<address>');

/** `{ name, message }` of anything thrown, addresses redacted: safe to log and to store. */
export const describeError = (error: unknown): { name: string; message: string } => {
  if (error instanceof Error) return { name: error.name, message: redactAddresses(error.message) };
  return { name: 'UnknownError', message: redactAddresses(String(error)) };
};

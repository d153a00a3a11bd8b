import { secretsClient } from '../adapters/aws/clients.js';
import { secretsManagerReader } from '../adapters/aws/secrets-manager-reader.js';
import { secretSigningKey } from '../adapters/aws/signing-key-secret.js';
import { logger } from '../observability/logger.js';
import { OPEN_TARGET_PARAM, openResponse, type OpenResponse, type SigningKey } from '../pack-pages/open-link.js';
import { systemClock, type Clock } from '../ports/clock.js';
import { readEnvironment } from './handler-environment.js';

/** What a Lambda function URL passes (payload format 2.0), as far as this handler reads it. */
export interface FunctionUrlEvent {
  readonly rawPath?: string;
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>>;
}

export interface OpenHandlerOptions {
  readonly signingKey?: () => Promise<SigningKey>;
  readonly sessionHours?: number;
  readonly clock?: Clock;
}

/**
 * The pack pages' open endpoint, behind CloudFront: only requests whose signed URL CloudFront
 * accepted reach it (the function URL takes IAM-signed calls from the distribution alone). It
 * sets the session cookies and redirects to the pack.
 */
interface OpenSettings {
  readonly signingKey: () => Promise<SigningKey>;
  readonly sessionHours: number;
}

/** The settings the stack gives the function, read at the first invocation. */
const settingsFromEnvironment = (): OpenSettings => {
  const vars = readEnvironment('pack pages open', ['packPagesKeyPairId', 'packPagesSigningKey', 'packPagesSessionHours']);
  return { signingKey: secretSigningKey(secretsManagerReader(secretsClient), vars.packPagesSigningKey, vars.packPagesKeyPairId), sessionHours: Number(vars.packPagesSessionHours) };
};

export const createOpenHandler = (options: OpenHandlerOptions = {}) => {
  let settings: OpenSettings | undefined;
  const configured = (): OpenSettings => {
    settings ??=
      options.signingKey !== undefined && options.sessionHours !== undefined
        ? { signingKey: options.signingKey, sessionHours: options.sessionHours }
        : settingsFromEnvironment();
    return settings;
  };
  return async (event: FunctionUrlEvent): Promise<OpenResponse> => {
    const { signingKey, sessionHours } = configured();
    const to = event.queryStringParameters?.[OPEN_TARGET_PARAM];
    const response = openResponse({ to, now: (options.clock ?? systemClock).now(), sessionHours, key: await signingKey() });
    if (response.statusCode !== 302) logger.warn('open link refused', { to });
    return response;
  };
};

export const handler = createOpenHandler();

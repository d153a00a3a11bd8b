import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { createPublicKey } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretsManagerReader } from '../../lambdas/adapters/aws/secrets-manager-reader.js';
import { secretSigningKey, SigningKeyError } from '../../lambdas/adapters/aws/signing-key-secret.js';
import { buildReportRuntime } from '../../lambdas/handlers/aws-runtime.js';
import { MissingEnvironmentError } from '../../lambdas/handlers/handler-environment.js';
import { createOpenHandler } from '../../lambdas/handlers/pack-pages-open-handler.js';
import { createSigningKeyHandler } from '../../lambdas/handlers/signing-key-handler.js';
import { generateSigningKeyPair } from '../../lambdas/pack-pages/signing-key.js';
import { fixedClock } from '../../lambdas/ports/clock.js';
import { SAMPLE_CONFIG_INPUT } from '../../lambdas/config/sample-config.js';
import { RecordingMetrics } from '../pipeline/report-fixtures.js';
import { reportEnvironment } from './aws-fakes.js';

const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:pack-pages-key-AbCdEf';

describe('pack pages handlers', () => {
  const secrets = mockClient(SecretsManagerClient);
  beforeEach(() => secrets.reset());
  afterEach(() => secrets.reset());

  it('makes a key pair on create: the private key into the secret, the public key to CloudFormation', async () => {
    secrets.on(PutSecretValueCommand).resolves({});
    const handler = createSigningKeyHandler(new SecretsManagerClient({}));

    const result = await handler({ RequestType: 'Create', ResourceProperties: { SecretArn: SECRET, KeyVersion: '1' } });

    const stored = secrets.commandCalls(PutSecretValueCommand)[0]?.args[0].input;
    expect(stored?.SecretId).toBe(SECRET);
    expect(stored?.SecretString).toContain('-----BEGIN PRIVATE KEY-----');
    expect(result.PhysicalResourceId).toBe('pack-pages-signing-key-v1');
    // The public key CloudFront gets is the private key's own half, RSA 2048.
    const publicKey = createPublicKey(result.Data!.PublicKeyPem);
    expect([publicKey.asymmetricKeyType, publicKey.asymmetricKeyDetails?.modulusLength]).toEqual(['rsa', 2048]);
    expect(createPublicKey(stored!.SecretString!).export({ type: 'spki', format: 'pem' })).toBe(result.Data!.PublicKeyPem);
  });

  it('leaves the secret alone on delete', async () => {
    const handler = createSigningKeyHandler(new SecretsManagerClient({}));

    const result = await handler({ RequestType: 'Delete', PhysicalResourceId: 'pack-pages-signing-key-v1', ResourceProperties: { SecretArn: SECRET, KeyVersion: '1' } });

    expect(result).toEqual({ PhysicalResourceId: 'pack-pages-signing-key-v1' });
    expect(secrets.calls()).toHaveLength(0);
  });

  it('reads the private key once per container', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: generateSigningKeyPair().privateKeyPem });
    const read = secretSigningKey(secretsManagerReader(new SecretsManagerClient({})), SECRET, 'K2JCJMDEHXQW5F');

    await read();
    const key = await read();

    expect(key.keyPairId).toBe('K2JCJMDEHXQW5F');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('says when the secret holds no key yet, naming it', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'generated-placeholder' });

    await expect(secretSigningKey(secretsManagerReader(new SecretsManagerClient({})), SECRET, 'K1')()).rejects.toThrow(
      new SigningKeyError(`secret ${SECRET} holds no PEM private key: has the stack's key generator run?`),
    );
  });

  it('answers an open link with the session cookies and a redirect', async () => {
    const privateKey = generateSigningKeyPair().privateKeyPem;
    const handler = createOpenHandler({ signingKey: async () => ({ keyPairId: 'K1', privateKey }), sessionHours: 12, clock: fixedClock('2026-11-24T07:00:00Z') });

    const response = await handler({ rawPath: '/open', queryStringParameters: { to: '/monthly/2026-11/index.html' } });

    expect(response.statusCode).toBe(302);
    expect(response.headers.Location).toBe('/monthly/2026-11/index.html');
    expect(response.cookies?.map((entry) => entry.slice(0, entry.indexOf('='))).sort()).toEqual(['CloudFront-Hash-Algorithm', 'CloudFront-Key-Pair-Id', 'CloudFront-Policy', 'CloudFront-Signature']);
  });

  it('gives the report function signed links when the stack serves the pack pages', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: generateSigningKeyPair().privateKeyPem });
    const env = await reportEnvironment(SAMPLE_CONFIG_INPUT, {
      PACK_PAGES_URL: 'https://d111111abcdef8.cloudfront.net',
      PACK_PAGES_KEY_PAIR_ID: 'K2JCJMDEHXQW5F',
      PACK_PAGES_SIGNING_KEY_SECRET: SECRET,
      PACK_PAGES_LINK_DAYS: '400',
    });

    const runtime = await buildReportRuntime(new RecordingMetrics(), env);
    const links = await runtime.deps.packLinks?.linksFor('weekly', '2026-W47');

    expect(links?.page).toMatch(/^https:\/\/d111111abcdef8\.cloudfront\.net\/open\?to=%2Fweekly%2F2026-W47%2Findex\.html&Expires=\d+&Key-Pair-Id=K2JCJMDEHXQW5F&/);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: SECRET });
  });

  it('names the pack pages variables the stack forgot to set', async () => {
    const env = await reportEnvironment(SAMPLE_CONFIG_INPUT, { PACK_PAGES_URL: 'https://d111111abcdef8.cloudfront.net' });

    await expect(buildReportRuntime(new RecordingMetrics(), env)).rejects.toThrow(
      new MissingEnvironmentError('report', ['PACK_PAGES_KEY_PAIR_ID', 'PACK_PAGES_SIGNING_KEY_SECRET', 'PACK_PAGES_LINK_DAYS']),
    );
  });

  it('leaves the email without links when the stack serves no pack pages', async () => {
    expect((await buildReportRuntime(new RecordingMetrics(), await reportEnvironment(SAMPLE_CONFIG_INPUT))).deps.packLinks).toBeUndefined();
  });
});

import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SigningKey } from '../../pack-pages/open-link.js';

export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

/**
 * The pack pages' private key from Secrets Manager (written there by the stack's key generator),
 * read once per container: it changes only when the key pair is replaced, with a redeploy.
 */
export const secretSigningKey = (client: SecretsManagerClient, secretArn: string, keyPairId: string): (() => Promise<SigningKey>) => {
  let pending: Promise<SigningKey> | undefined;
  return () => {
    pending ??= client.send(new GetSecretValueCommand({ SecretId: secretArn })).then(
      (result) => {
        if (!result.SecretString?.includes('PRIVATE KEY')) throw new SigningKeyError(`secret ${secretArn} holds no PEM private key: has the stack's key generator run?`);
        return { keyPairId, privateKey: result.SecretString };
      },
      (error: unknown) => {
        pending = undefined;
        throw new SigningKeyError(`cannot read the pack pages' signing key from ${secretArn}: ${(error as Error).message}`, { cause: error });
      },
    );
    return pending;
  };
};

import type { SigningKey } from '../../pack-pages/open-link.js';

export class SigningKeyError extends Error {
  override readonly name = 'SigningKeyError';
}

/**
 * The pack pages' private key from Secrets Manager (written there by the stack's key generator),
 * read once per container: it changes only when the key pair is replaced, with a redeploy.
 */
export const secretSigningKey = (readSecret: (name: string) => Promise<string>, secretArn: string, keyPairId: string): (() => Promise<SigningKey>) => {
  let pending: Promise<SigningKey> | undefined;
  return () => {
    pending ??= readSecret(secretArn).then(
      (value) => {
        if (!value.includes('PRIVATE KEY')) throw new SigningKeyError(`secret ${secretArn} holds no PEM private key: has the stack's key generator run?`);
        return { keyPairId, privateKey: value };
      },
      (error: unknown) => {
        pending = undefined;
        throw new SigningKeyError(`cannot read the pack pages' signing key from ${secretArn}: ${(error as Error).message}`, { cause: error });
      },
    );
    return pending;
  };
};

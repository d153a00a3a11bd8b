import { PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsClient } from '../adapters/aws/clients.js';
import { generateSigningKeyPair } from '../pack-pages/signing-key.js';

/** The CloudFormation custom resource event, as the CDK Provider framework passes it. */
export interface SigningKeyEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: { readonly SecretArn: string; readonly KeyVersion: string };
}

export interface SigningKeyResult {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly PublicKeyPem: string };
}

/**
 * The pack pages' key generator, run by CloudFormation: on create (and on a new key version) it
 * makes an RSA key pair, stores the private key in the stack's secret and hands the public key to
 * the distribution's key group. The private key never passes through CloudFormation.
 */
export const createSigningKeyHandler = (client: SecretsManagerClient) => async (event: SigningKeyEvent): Promise<SigningKeyResult> => {
  const physicalId = `pack-pages-signing-key-v${event.ResourceProperties.KeyVersion}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId ?? physicalId };
  const { publicKeyPem, privateKeyPem } = generateSigningKeyPair();
  await client.send(new PutSecretValueCommand({ SecretId: event.ResourceProperties.SecretArn, SecretString: privateKeyPem }));
  return { PhysicalResourceId: physicalId, Data: { PublicKeyPem: publicKeyPem } };
};

export const handler = createSigningKeyHandler(secretsClient);

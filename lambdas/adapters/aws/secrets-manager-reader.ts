import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Reads a secret's string value by name, every call: a rotated webhook URL is picked up at once. */
export const secretsManagerReader =
  (client: SecretsManagerClient) =>
  async (name: string): Promise<string> => {
    const output = await client.send(new GetSecretValueCommand({ SecretId: name }));
    if (output.SecretString === undefined) throw new Error(`secret ${name} holds no string value`);
    return output.SecretString;
  };

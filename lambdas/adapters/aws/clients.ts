import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';

/**
 * SDK clients, built once per Lambda container (module scope) and reused across invocations.
 * Region and credentials come from the Lambda environment.
 */
export const s3Client = new S3Client({});
export const athenaClient = new AthenaClient({});
/** One SDK attempt: SesMailer owns the retry policy (throttling only, so nothing is sent twice). */
export const sesClient = new SESv2Client({ maxAttempts: 1 });
export const snsClient = new SNSClient({});
export const secretsClient = new SecretsManagerClient({});

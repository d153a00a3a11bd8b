import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

/**
 * Explicit S3 grants. The Bucket.grant* helpers use action wildcards (`s3:GetObject*`, `s3:List*`)
 * that cdk-nag rightly flags; these list exactly what the pipeline calls.
 */

const READ_OBJECT_ACTIONS = ['s3:GetObject'];
const READ_BUCKET_ACTIONS = ['s3:ListBucket', 's3:GetBucketLocation'];
/** Writing, multipart uploads included; never deleting (see grantObjectsWriteNoDelete). */
const PUT_OBJECT_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];
const WRITE_OBJECT_ACTIONS = [...PUT_OBJECT_ACTIONS, 's3:DeleteObject'];
const WRITE_BUCKET_ACTIONS = ['s3:ListBucketMultipartUploads'];

const objectsIn = (bucket: IBucket, prefix = ''): string => bucket.arnForObjects(`${prefix}*`);

export const grantBucketRead = (grantee: IGrantable, bucket: IBucket): void => {
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: READ_BUCKET_ACTIONS, resources: [bucket.bucketArn] }));
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: READ_OBJECT_ACTIONS, resources: [objectsIn(bucket)] }));
};

export const grantBucketReadWrite = (grantee: IGrantable, bucket: IBucket): void => {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: [...READ_BUCKET_ACTIONS, ...WRITE_BUCKET_ACTIONS], resources: [bucket.bucketArn] }),
  );
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({ actions: [...READ_OBJECT_ACTIONS, ...WRITE_OBJECT_ACTIONS], resources: [objectsIn(bucket)] }),
  );
};

/**
 * Read only the objects under `prefixes` (each ending in `/`, or a whole key): GetObject on those
 * keys, and ListBucket only for list requests under them (an `s3:prefix` condition).
 */
export const grantPrefixRead = (grantee: IGrantable, bucket: IBucket, prefixes: readonly string[]): void => {
  const principal = grantee.grantPrincipal;
  principal.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [bucket.bucketArn] }));
  principal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': prefixes.map((prefix) => (prefix.endsWith('/') ? `${prefix}*` : prefix)) } },
    }),
  );
  principal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: READ_OBJECT_ACTIONS,
      resources: prefixes.map((prefix) => (prefix.endsWith('/') ? objectsIn(bucket, prefix) : bucket.arnForObjects(prefix))),
    }),
  );
};

/**
 * Read and write the objects under `prefix` (default: the whole bucket), delete none: what a
 * writer of records and archives needs, so a compromised or buggy run can add versions but never
 * remove what is there.
 */
export const grantObjectsWriteNoDelete = (grantee: IGrantable, bucket: IBucket, prefix = ''): void => {
  const principal = grantee.grantPrincipal;
  principal.addToPrincipalPolicy(new PolicyStatement({ actions: [...READ_BUCKET_ACTIONS, ...WRITE_BUCKET_ACTIONS], resources: [bucket.bucketArn] }));
  principal.addToPrincipalPolicy(new PolicyStatement({ actions: [...READ_OBJECT_ACTIONS, ...PUT_OBJECT_ACTIONS], resources: [objectsIn(bucket, prefix)] }));
};

/** The logical id the template gives a resource, as cdk-nag prints it in finding ids. */
export const logicalIdOf = (resource: IConstruct): string => {
  const element = resource.node.defaultChild as CfnElement | undefined;
  if (element === undefined) throw new Error(`${resource.node.path} has no CloudFormation resource`);
  return Stack.of(resource).resolve(element.logicalId) as string;
};

/**
 * Object keys have no narrower ARN than `<bucket>/<prefix>*`: acknowledge exactly that finding
 * (one per prefix) on the principal that holds the grant, and nothing else.
 */
export const acknowledgeObjectKeysWildcard = (principalScope: IConstruct, bucket: IBucket, why: string, prefixes: readonly string[] = ['']): void => {
  for (const prefix of prefixes) {
    Validations.of(principalScope).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(bucket)}.Arn>/${prefix}*]`,
      reason: `Object-level access to ${bucket.node.id}${prefix === '' ? '' : ` under ${prefix}`} needs the object ARN pattern: ${why}`,
    });
  }
};

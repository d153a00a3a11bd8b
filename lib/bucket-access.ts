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
const WRITE_OBJECT_ACTIONS = ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];
const WRITE_BUCKET_ACTIONS = ['s3:ListBucketMultipartUploads'];

const objectsIn = (bucket: IBucket): string => bucket.arnForObjects('*');

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

/** The logical id the template gives a resource, as cdk-nag prints it in finding ids. */
export const logicalIdOf = (resource: IConstruct): string => {
  const element = resource.node.defaultChild as CfnElement | undefined;
  if (element === undefined) throw new Error(`${resource.node.path} has no CloudFormation resource`);
  return Stack.of(resource).resolve(element.logicalId) as string;
};

/**
 * Object keys have no narrower ARN than `<bucket>/*`: acknowledge exactly that finding on the
 * principal that holds the grant, and nothing else.
 */
export const acknowledgeObjectKeysWildcard = (principalScope: IConstruct, bucket: IBucket, why: string): void => {
  Validations.of(principalScope).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(bucket)}.Arn>/*]`,
    reason: `Object-level access to ${bucket.node.id} needs the bucket's object ARN pattern: ${why}`,
  });
};

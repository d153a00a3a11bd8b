/** The part of the Lambda context the handlers use (the project does not depend on @types/aws-lambda). */
export interface LambdaContext {
  readonly awsRequestId: string;
}

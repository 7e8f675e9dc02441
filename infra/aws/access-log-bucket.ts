import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * The bucket that keeps the access logs of `logs` (the document bucket, the web apps' bucket and
 * distribution), a year each, kept when the stack goes. ACLs stay enabled: CloudFront's standard
 * logs are delivered with an ACL grant. Its own access is not logged (it would log the logging).
 */
export function accessLogBucket(scope: Construct, logs: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogs', {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(365) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: `This is the access-log bucket of ${logs}: logging its own access would log the logging.` });
  return bucket;
}

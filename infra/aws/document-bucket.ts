import { RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { accessLogBucket } from './access-log-bucket.js';

/**
 * Where bill and credit note documents are kept (docs/bill-documents.md): private (every public
 * access blocked, TLS only), encrypted at rest, versioned so no document is ever lost even if
 * something overwrote it, retained when the stack goes (they are the legal record of what was
 * billed). Access is logged to a bucket of its own.
 */
export class DocumentBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const accessLogs = accessLogBucket(this, 'the document bucket');
    this.bucket = new s3.Bucket(this, 'Documents', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'documents/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

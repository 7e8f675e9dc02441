import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface EncryptionKeyProps {
  /** Part of the alias (alias/bss-<stage>), so the stages of one account tell their keys apart. */
  readonly stage: string;
}

/**
 * The customer-managed KMS key of a production stage (docs/security.md, "Encryption at rest"):
 * it encrypts the table, every log group and the event archive, so that reading them needs a
 * key whose policy, use (CloudTrail logs each call) and life (disable it, and the data is
 * unreadable) the account controls, rather than an AWS-owned key nobody can audit or revoke.
 *
 * The key policy keeps CDK's default (the account, hence IAM policies, administers and may use
 * it) and adds what services need to use it on their own: CloudWatch Logs (below) and
 * EventBridge (added by the archive). Rotated yearly by KMS; retained like the table, since
 * deleting the key would leave the retained table and its backups unreadable.
 */
export class EncryptionKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'Key', {
      alias: `alias/bss-${props.stage}`,
      description: `BSS ${props.stage}: encrypts the table, the log groups and the event archive`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch Logs encrypts and decrypts log events itself, as the regional service
    // principal; the encryption context names the log group, so the grant is limited to this
    // account's log groups in this region, as AWS documents for KMS-encrypted log groups.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
        },
      }),
    );
  }
}

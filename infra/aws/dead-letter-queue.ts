import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DeadLetterQueueProps {
  /** What ends up here, in plain words: shown on the alarm and in the nag acknowledgment. */
  readonly holds: string;
}

/**
 * Where a delivery that exhausted its retries goes, so that nothing is dropped silently and one
 * poison message never blocks the rest. Encrypted, TLS-only, kept for the SQS maximum of 14
 * days, with an alarm as soon as anything arrives.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.alarm = new cloudwatch.Alarm(this, 'NotEmpty', {
      alarmDescription: `Dead letters waiting: ${props.holds}`,
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    Validations.of(this.queue.node.defaultChild!).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a dead-letter queue (${props.holds}); a queue behind it would only move the same dead letters once more.`,
    });
  }
}

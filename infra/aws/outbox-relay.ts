import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';
import type { outboxRelay } from '../topology.js';
import { DeadLetterQueue } from './dead-letter-queue.js';

export interface OutboxRelayProps {
  /** topology.outboxRelay */
  readonly definition: typeof outboxRelay;
  /** The relay use case (topology.outboxRelay.function). */
  readonly handler: lambda.IFunction;
  readonly table: dynamodb.ITable;
}

/**
 * Table stream → relay → PutEvents. Retries are finite, a failing batch is split until the
 * poison record is alone, and that record's metadata lands in a dead-letter queue instead of
 * blocking its shard. Only new outbox items are delivered to the function at all.
 */
export class OutboxRelay extends Construct {
  readonly deadLetters: DeadLetterQueue;
  readonly eventSource: DynamoEventSource;

  constructor(scope: Construct, id: string, props: OutboxRelayProps) {
    super(scope, id);
    const { definition } = props;
    this.deadLetters = new DeadLetterQueue(this, 'DeadLetters', {
      holds: 'table stream records of outbox items the relay could not publish',
    });
    this.eventSource = new DynamoEventSource(props.table, {
      startingPosition: lambda.StartingPosition[definition.startingPosition],
      batchSize: definition.batchSize,
      bisectBatchOnError: definition.bisectBatchOnError,
      retryAttempts: definition.maximumRetryAttempts,
      maxRecordAge: Duration.seconds(definition.maximumRecordAgeSeconds),
      // The relay answers with the sequence numbers that failed, so only those are retried.
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(this.deadLetters.queue),
      filters: [lambda.FilterCriteria.filter(definition.recordFilter)],
    });
    props.handler.addEventSource(this.eventSource);

    // The event source adds dynamodb:ListStreams on "*" to the policy that already holds X-Ray's
    // "*"; this acknowledgment sits on that policy, nearer than the role's X-Ray-only one.
    const policy = props.handler.role?.node.tryFindChild('DefaultPolicy');
    if (!policy) throw new Error('The outbox relay role has no default policy to acknowledge on');
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams (needed by the Lambda stream event source) and X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions; IAM accepts only "*" for them.',
    });
  }
}

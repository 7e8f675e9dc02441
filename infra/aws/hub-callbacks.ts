import { Aws, Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { hubResourceNameOf } from '../../domain/event-subscriptions/hub-delivery.js';
import { DeadLetterQueue } from './dead-letter-queue.js';

export interface HubCallbacksProps {
  /** Part of the hub bus's name and of the prefix of every connection, API destination and rule the hub makes at run time. */
  readonly stage: string;
}

/** What a function that makes or removes a subscription's resources is given (a `hub-callback-destinations` permission). */
export interface HubCallbackSettings {
  /** BSS_HUB_EVENT_BUS_NAME: where signed deliveries are put and the subscriptions' rules are made. */
  readonly eventBusName: string;
  readonly eventBusArn: string;
  /** BSS_HUB_RESOURCE_PREFIX: the names the functions may make, and nothing else. */
  readonly resourcePrefix: string;
  /** BSS_HUB_INVOKE_ROLE_ARN: the role the subscriptions' rules invoke their API destinations with. */
  readonly invokeRoleArn: string;
  /** BSS_HUB_DEAD_LETTER_QUEUE_ARN: where the rules send what a callback never took. */
  readonly deadLetterQueueArn: string;
  /** The IAM statements a `hub-callback-destinations` permission becomes. */
  statements(actions: readonly string[]): iam.PolicyStatement[];
  /** How cdk-nag names the wildcard resources of those statements, to acknowledge them where they are granted. */
  readonly wildcardFindings: readonly string[];
}

/**
 * What the hub subscriptions' API destinations share on AWS (docs/events.md, "Hub
 * subscriptions"): the bus the signed deliveries are put on and the subscriptions' rules are made
 * on (its own, not the domain bus: not archived, since a replay of the archive would send signed
 * requests again, and with its own rule quota), the role EventBridge invokes them with, and the
 * queue their rules dead-letter into, which the dead-letter function empties into the table (a
 * message it cannot record goes, after 5 receipts, to a queue of its own, with an alarm). The
 * connections, API destinations and rules themselves are made per subscription at run time,
 * under the prefix.
 */
export class HubCallbacks extends Construct {
  readonly bus: events.EventBus;
  readonly deadLetterQueue: sqs.Queue;
  readonly unrecorded: DeadLetterQueue;
  readonly invokeRole: iam.Role;
  readonly settings: HubCallbackSettings;

  constructor(scope: Construct, id: string, props: HubCallbacksProps) {
    super(scope, id);
    const eventBusName = `bss-hub-${props.stage}`;
    this.bus = new events.EventBus(this, 'Bus', { eventBusName, description: 'Signed hub deliveries, each sent by its subscription\'s rule to its API destination' });
    const resourcePrefix = `bss-${props.stage}-hub-`;
    // A stage name too long for EventBridge's names fails the synth, not the first subscription.
    hubResourceNameOf(resourcePrefix, '00000000-0000-0000-0000-000000000000');
    const connections = eventsArn(`connection/${resourcePrefix}*`);
    const destinations = eventsArn(`api-destination/${resourcePrefix}*`);
    const rules = eventsArn(`rule/${eventBusName}/${resourcePrefix}*`);

    this.unrecorded = new DeadLetterQueue(this, 'Unrecorded', { holds: 'hub dead letters the record-hub-dead-letters function could not record in the table' });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Six times the consumer's timeout, as Lambda's SQS event source asks.
      visibilityTimeout: Duration.seconds(60),
      deadLetterQueue: { queue: this.unrecorded.queue, maxReceiveCount: 5 },
    });
    this.deadLetterQueue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'SubscriptionRulesDeadLetter',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
        conditions: { ArnLike: { 'aws:SourceArn': rules.arn } },
      }),
    );

    this.invokeRole = new iam.Role(this, 'InvokeRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      description: 'Assumed by the hub subscriptions\' rules to send signed deliveries to their API destinations',
      inlinePolicies: {
        InvokeHubDestinations: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['events:InvokeApiDestination'], resources: [destinations.arn] })] }),
      },
    });
    Validations.of(this.invokeRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${destinations.finding}]`,
      reason: 'API destinations are made per hub subscription at run time, named with the deployment\'s hub prefix: the role may invoke those, and no other.',
    });

    this.settings = {
      eventBusName,
      eventBusArn: this.bus.eventBusArn,
      resourcePrefix,
      invokeRoleArn: this.invokeRole.roleArn,
      deadLetterQueueArn: this.deadLetterQueue.queueArn,
      statements: (actions) => [
        new iam.PolicyStatement({ sid: 'TopologyHubCallbackDestinations', actions: [...actions].sort(), resources: [connections.arn, destinations.arn, rules.arn] }),
        new iam.PolicyStatement({
          sid: 'TopologyHubInvokeRole',
          actions: ['iam:PassRole'],
          resources: [this.invokeRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'events.amazonaws.com' } },
        }),
        // EventBridge keeps a connection's API key in Secrets Manager through this role, made with the account's first connection.
        new iam.PolicyStatement({
          sid: 'TopologyHubServiceLinkedRole',
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/apidestinations.events.amazonaws.com/AWSServiceRoleForAmazonEventBridgeApiDestinations`],
          conditions: { StringEquals: { 'iam:AWSServiceName': 'apidestinations.events.amazonaws.com' } },
        }),
      ],
      wildcardFindings: [connections.finding, destinations.finding, rules.finding],
    };
  }

  /** Hands the queue's messages to the dead-letter function, reporting the ones it could not record. */
  consumeWith(handler: lambda.IFunction, batchSize: number): void {
    handler.addEventSource(new SqsEventSource(this.deadLetterQueue, { batchSize, reportBatchItemFailures: true }));
  }
}

/**
 * An EventBridge ARN in this account and region, with the pseudo parameters unscoped so the
 * nested stacks that grant it resolve them themselves; and the same ARN as cdk-nag writes it in
 * a finding.
 */
function eventsArn(resource: string): { arn: string; finding: string } {
  return {
    arn: `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`,
    finding: `arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:${resource}`,
  };
}

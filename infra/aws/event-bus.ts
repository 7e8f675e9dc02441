import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { partnerDetailTypes } from '../../domain/events/partner-events.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { parsePartnerBusArn, partnerForwardingPattern, type PartnerSubscription } from './partner-subscriptions.js';

export interface DomainEventBusProps {
  readonly eventBusName: string;
  /** topology.eventBus.archiveRetentionDays */
  readonly archiveRetentionDays: number;
  /** Partner buses and what each may receive (the `partnerEventBuses` context). */
  readonly partnerSubscriptions: readonly PartnerSubscription[];
  /**
   * Encrypts the archive (production stages): it keeps every event, personal data included,
   * for the retention period. Absent: EventBridge's AWS-owned key.
   */
  readonly archiveEncryptionKey?: kms.IKey;
}

/**
 * EventBridge cross-account delivery to a partner bus: the CDK target exposes no retry policy
 * (aws/aws-cdk#28735) but the service honours one, so it is set on the rule target directly.
 * A partner outage is waited out for the EventBridge maximum of a day before the dead-letter queue.
 */
const partnerDelivery = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: Duration.hours(24).toSeconds() };

/**
 * The one custom bus for domain events, archived for replay, with one forwarding rule per
 * partner subscription (bus to bus, with its own role, retry policy and dead-letter queue). A
 * partner rule matches only partner events (source `bss.partner`, their shapes without personal
 * data: domain/events/partner-events.ts) of the detail-types the partner may receive; no domain
 * event leaves the account as it is.
 */
export class DomainEventBus extends Construct {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;

  constructor(scope: Construct, id: string, props: DomainEventBusProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: props.eventBusName,
      description: 'BSS domain events (source bss.<context>, detail-type past-tense fact)',
    });
    this.archive = new events.Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      description: 'Every event published on the BSS bus, for replay',
      // The archive needs a pattern; every event put on this bus comes from this account.
      eventPattern: { account: [Stack.of(this).account] },
      retention: Duration.days(props.archiveRetentionDays),
      // The archive adds the key-policy statements EventBridge needs, bound to this bus.
      ...(props.archiveEncryptionKey ? { kmsKey: props.archiveEncryptionKey } : {}),
    });
    for (const subscription of props.partnerSubscriptions) this.forwardToPartner(subscription.bus, subscription.events);
  }

  private forwardToPartner(partnerBusArn: string, detailTypes: readonly string[]): void {
    const unknown = detailTypes.filter((detailType) => !partnerDetailTypes.includes(detailType));
    if (detailTypes.length === 0 || unknown.length > 0) {
      throw new Error(`partner ${partnerBusArn}: name the partner events it may receive (${partnerDetailTypes.join(', ')}); not ${unknown.join(', ') || 'none'}`);
    }
    const { account, busName: resourceName } = parsePartnerBusArn(partnerBusArn);
    // Keyed by account and bus name, so adding or removing a partner leaves the others untouched.
    const scope = new Construct(this, `Partner-${account}-${resourceName}`);
    const partnerBus = events.EventBus.fromEventBusArn(scope, 'PartnerBus', partnerBusArn);
    const deadLetters = new DeadLetterQueue(scope, 'DeadLetters', {
      holds: `domain events the partner bus ${partnerBusArn} did not accept`,
    });
    const role = new iam.Role(scope, 'Role', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: `Lets the BSS bus put events on the partner bus ${partnerBusArn}`,
    });
    const pattern = partnerForwardingPattern(detailTypes);
    const rule = new events.Rule(scope, 'Rule', {
      eventBus: this.bus,
      description: `Forwards the partner events ${partnerBusArn} may receive`,
      eventPattern: { source: pattern.source, detailType: pattern['detail-type'] },
    });
    // The target grants the role events:PutEvents on exactly the partner bus.
    rule.addTarget(new targets.EventBus(partnerBus, { role, deadLetterQueue: deadLetters.queue }));
    (rule.node.defaultChild as events.CfnRule).addPropertyOverride('Targets.0.RetryPolicy', {
      MaximumRetryAttempts: partnerDelivery.maximumRetryAttempts,
      MaximumEventAgeInSeconds: partnerDelivery.maximumEventAgeInSeconds,
    });
  }
}

import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { EventRuleDefinition } from '../topology.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { pascalCase } from './repository.js';

/**
 * How hard EventBridge tries to hand an event to a rule's target before it goes to the rule's
 * dead-letter queue. Targets are our own state machines and functions: throttling clears in
 * minutes, and two hours of retries covers a bad deployment being rolled back.
 */
export const ruleDelivery = { retryAttempts: 20, maxEventAge: Duration.hours(2) } as const;
/** Lambda's own retries once an asynchronous invocation (from EventBridge) has been accepted. */
const asyncInvocation = { retryAttempts: 2, maxEventAge: Duration.hours(6) } as const;

/** The top-level EventBridge pattern fields; CDK spells `detail-type` as `detailType`. */
const patternFields = new Map<string, keyof events.EventPattern>([
  ['version', 'version'],
  ['id', 'id'],
  ['detail-type', 'detailType'],
  ['source', 'source'],
  ['account', 'account'],
  ['time', 'time'],
  ['region', 'region'],
  ['resources', 'resources'],
  ['detail', 'detail'],
]);

export interface EventRulesProps {
  /** topology.eventRules */
  readonly definitions: readonly EventRuleDefinition[];
  readonly eventBus: events.IEventBus;
  readonly stateMachineNamed: (name: string) => sfn.IStateMachine;
  readonly functionNamed: (name: string) => lambda.IFunction;
}

/**
 * One rule per topology event rule on the domain bus, named as in the topology. Every target
 * has a retry policy and its rule's dead-letter queue; function targets additionally send
 * invocations that failed inside Lambda to a dead-letter queue of their own.
 */
export class EventRules extends Construct {
  private readonly asyncFailureQueues = new Map<string, DeadLetterQueue>();

  constructor(scope: Construct, id: string, private readonly props: EventRulesProps) {
    super(scope, id);
    for (const definition of props.definitions) this.rule(definition);
  }

  private rule(definition: EventRuleDefinition): events.Rule {
    const scope = new Construct(this, pascalCase(definition.name));
    const deadLetters = new DeadLetterQueue(scope, 'DeadLetters', {
      holds: `events the rule ${definition.name} could not deliver to ${definition.target.kind} ${definition.target.name}`,
    });
    const rule = new events.Rule(scope, 'Rule', {
      // Rule names are scoped to the bus, which is per stage: the topology name is unique here.
      ruleName: definition.name,
      description: definition.description,
      eventBus: this.props.eventBus,
      eventPattern: toEventPattern(definition),
    });
    const delivery = { deadLetterQueue: deadLetters.queue, ...ruleDelivery };

    const { target } = definition;
    if (target.kind === 'state-machine') {
      const role = new iam.Role(scope, 'TargetRole', {
        assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
        description: `Lets the rule ${definition.name} start the ${target.name} state machine`,
      });
      // The target grants the role states:StartExecution on exactly this machine.
      rule.addTarget(new targets.SfnStateMachine(this.props.stateMachineNamed(target.name), { role, ...delivery }));
    } else {
      const fn = this.props.functionNamed(target.name);
      this.sendAsyncFailuresToDeadLetters(target.name, fn);
      rule.addTarget(new targets.LambdaFunction(fn, delivery));
    }
    return rule;
  }

  /**
   * EventBridge invokes functions asynchronously: once Lambda has accepted the event, the rule's
   * dead-letter queue no longer sees failures, so the function needs an on-failure destination.
   * Configured once per function, however many rules target it.
   */
  private sendAsyncFailuresToDeadLetters(name: string, fn: lambda.IFunction): void {
    if (this.asyncFailureQueues.has(name)) return;
    const deadLetters = new DeadLetterQueue(this, `${pascalCase(name)}AsyncFailures`, {
      holds: `events the ${name} function failed to process after Lambda's asynchronous retries`,
    });
    fn.configureAsyncInvoke({ ...asyncInvocation, onFailure: new SqsDestination(deadLetters.queue) });
    this.asyncFailureQueues.set(name, deadLetters);
  }
}

/** The topology writes raw EventBridge patterns; CDK wants its own field names at the top level. */
function toEventPattern(definition: EventRuleDefinition): events.EventPattern {
  const pattern: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(definition.pattern)) {
    const cdkField = patternFields.get(field);
    if (!cdkField) throw new Error(`Event rule ${definition.name}: "${field}" is not an EventBridge pattern field`);
    pattern[cdkField] = value;
  }
  return pattern as events.EventPattern;
}

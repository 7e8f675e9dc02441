import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { RuleTarget, ScheduleDefinition } from '../topology.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { pascalCase } from './repository.js';

/**
 * A billing run that could not start is retried for an hour; after that an operator decides
 * (the run is safe to re-run, but not silently a day late).
 */
export const scheduleRetry = { maximumRetryAttempts: 10, maximumEventAgeInSeconds: Duration.hours(1).toSeconds() } as const;

export interface SchedulesProps {
  /** topology.schedules */
  readonly definitions: readonly ScheduleDefinition[];
  readonly groupName: string;
  readonly stateMachineNamed: (name: string) => sfn.IStateMachine;
  readonly functionNamed: (name: string) => lambda.IFunction;
}

/**
 * EventBridge Scheduler schedules of the topology (billing runs): one schedule each, in a
 * group of this stage, run by one role that may start exactly the scheduled targets, with a
 * retry policy and a dead-letter queue. Nothing is created while the topology has none.
 */
export class Schedules extends Construct {
  readonly schedules: scheduler.CfnSchedule[] = [];

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    if (props.definitions.length === 0) return;

    const group = new scheduler.CfnScheduleGroup(this, 'Group', { name: props.groupName });
    const deadLetters = new DeadLetterQueue(this, 'DeadLetters', { holds: 'scheduled starts that failed after their retries' });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        // Only schedules of this account may assume it (confused-deputy protection).
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'Lets EventBridge Scheduler start the BSS scheduled targets',
    });
    // Scheduler delivers dead letters with the schedule's role.
    deadLetters.queue.grantSendMessages(role);

    for (const definition of props.definitions) {
      const targetArn = this.grantTarget(definition.target, role, props);
      const schedule = new scheduler.CfnSchedule(this, pascalCase(definition.name), {
        name: definition.name,
        groupName: group.ref,
        description: `BSS schedule ${definition.name} → ${definition.target.kind} ${definition.target.name}`,
        scheduleExpression: definition.expression,
        scheduleExpressionTimezone: definition.timeZone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: 'ENABLED',
        target: {
          arn: targetArn,
          roleArn: role.roleArn,
          input: JSON.stringify(definition.input),
          retryPolicy: scheduleRetry,
          deadLetterConfig: { arn: deadLetters.queue.queueArn },
        },
      });
      this.schedules.push(schedule);
    }
  }

  private grantTarget(target: RuleTarget, role: iam.IRole, props: SchedulesProps): string {
    if (target.kind === 'state-machine') {
      const machine = props.stateMachineNamed(target.name);
      machine.grantStartExecution(role);
      return machine.stateMachineArn;
    }
    const fn = props.functionNamed(target.name);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
    );
    return fn.functionArn;
  }
}

import { readFileSync } from 'node:fs';
import { ArnFormat, Duration, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { functionArnSubstitutionKey, type StateMachineDefinition } from '../topology.js';
import { fromRepositoryRoot, pascalCase, topologyTags } from './repository.js';

/** Physical name of a topology state machine; named so that functions can be granted access to it before it exists. */
export function stateMachineName(name: string, stage: string): string {
  return `bss-${name}-${stage}`;
}

export function stateMachineArn(scope: Construct, name: string, stage: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: stateMachineName(name, stage),
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

export interface WorkflowsProps {
  /** topology.stateMachines */
  readonly definitions: readonly StateMachineDefinition[];
  readonly stage: string;
  readonly functionNamed: (name: string) => lambda.IFunction;
  readonly logRetention: logs.RetentionDays;
  /** Encrypts the machines' log groups (production stages); absent: CloudWatch Logs' own encryption. */
  readonly logEncryptionKey?: kms.IKey;
}

/**
 * One Standard state machine per topology entry, from the same ASL file the local runtime
 * executes. The ASL is inlined (DefinitionString) rather than uploaded as an S3 asset: the
 * template then shows the definition, diffs show its changes and the parity test can read it.
 * Each machine may invoke exactly the functions the topology says it invokes.
 */
export class Workflows extends Construct {
  private readonly byName = new Map<string, sfn.StateMachine>();

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    for (const definition of props.definitions) {
      this.byName.set(definition.name, this.stateMachine(definition, props));
    }
  }

  named(name: string): sfn.StateMachine {
    const found = this.byName.get(name);
    if (!found) throw new Error(`The topology names an unknown state machine: ${name}`);
    return found;
  }

  private stateMachine(definition: StateMachineDefinition, props: WorkflowsProps): sfn.StateMachine {
    const scope = new Construct(this, pascalCase(definition.name));
    Tags.of(scope).add(topologyTags.stateMachine, definition.name);
    const physicalName = stateMachineName(definition.name, props.stage);

    const asl = readFileSync(fromRepositoryRoot(definition.definitionFile), 'utf8');
    const invoked = definition.invokes.map((name) => ({ name, fn: props.functionNamed(name) }));
    const substitutions = Object.fromEntries(invoked.map(({ name, fn }) => [functionArnSubstitutionKey(name), fn.functionArn]));
    assertSubstitutionsMatch(definition, asl, Object.keys(substitutions));

    const role = new iam.Role(scope, 'Role', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: `Execution role of the ${definition.name} state machine`,
    });
    if (invoked.length > 0) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'InvokeTopologyFunctions',
          actions: ['lambda:InvokeFunction'],
          // The ASL names unqualified ARNs, so neither versions nor aliases (`:*`) are granted.
          resources: invoked.map(({ fn }) => fn.functionArn),
        }),
      );
    }

    const machine = new sfn.StateMachine(scope, 'StateMachine', {
      stateMachineName: physicalName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(asl),
      definitionSubstitutions: substitutions,
      role,
      tracingEnabled: true,
      logs: {
        // The /aws/vendedlogs/ prefix keeps these groups out of the account's 5 KB CloudWatch
        // Logs resource policy, which would otherwise grow with every state machine.
        destination: new logs.LogGroup(scope, 'Logs', {
          logGroupName: `/aws/vendedlogs/states/${physicalName}`,
          retention: props.logRetention,
          ...(props.logEncryptionKey ? { encryptionKey: props.logEncryptionKey } : {}),
        }),
        level: sfn.LogLevel.ALL,
        // Inputs and outputs carry customer data; the execution history already keeps them.
        includeExecutionData: false,
      },
    });

    // A failed execution is work the saga could not finish or unwind (an order left inProgress,
    // an onboarding left half done): someone has to look, so it alarms at the first one.
    new cloudwatch.Alarm(scope, 'ExecutionsFailed', {
      alarmDescription: `${physicalName}: an execution failed; its history shows the step, and the order or onboarding it left behind`,
      metric: machine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions log delivery (logs:CreateLogDelivery, PutResourcePolicy, DescribeLogGroups, ...) and X-Ray (PutTraceSegments, GetSamplingRules, ...) support no resource-level permissions; IAM accepts only "*" for them.',
    });
    return machine;
  }
}

/** Fails the synth when the ASL and the topology's `invokes` disagree, instead of at execution. */
function assertSubstitutionsMatch(definition: StateMachineDefinition, asl: string, keys: string[]): void {
  JSON.parse(asl); // a malformed file fails here, with its parser position
  const placeholders = new Set([...asl.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1]));
  const missing = [...placeholders].filter((placeholder) => placeholder !== undefined && !keys.includes(placeholder));
  const unused = keys.filter((key) => !placeholders.has(key));
  if (missing.length > 0 || unused.length > 0) {
    throw new Error(
      `${definition.definitionFile}: placeholders without a topology function: [${missing.join(', ')}]; ` +
        `functions in invokes the ASL never references: [${unused.join(', ')}]`,
    );
  }
}

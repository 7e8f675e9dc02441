import { AwsServiceError } from '../aws-json-protocol.js';

const lambdaInvokePattern = /^arn:[^:]+:states:::lambda:invoke(\.waitForTaskToken)?$/;
const lambdaFunctionArnPattern = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/;

/** How a Task state's Resource is run locally. */
export type TaskKind =
  | { kind: 'invoke'; resourceType: 'lambda'; resource: 'invoke' }
  | { kind: 'callback'; resourceType: 'lambda'; resource: 'invoke.waitForTaskToken' }
  | { kind: 'function'; functionName: string }
  | { kind: 'unsupported' };

export function taskKind(resource: string): TaskKind {
  const integration = lambdaInvokePattern.exec(resource);
  if (integration) {
    return integration[1]
      ? { kind: 'callback', resourceType: 'lambda', resource: 'invoke.waitForTaskToken' }
      : { kind: 'invoke', resourceType: 'lambda', resource: 'invoke' };
  }
  const fn = lambdaFunctionArnPattern.exec(resource);
  if (fn?.[1]) return { kind: 'function', functionName: fn[1] };
  return { kind: 'unsupported' };
}

/** `FunctionName` may be a name, a name:qualifier, a partial ARN or a full Lambda ARN. */
export function functionNameOf(reference: string): string {
  const full = lambdaFunctionArnPattern.exec(reference);
  if (full?.[1]) return full[1];
  const partial = /^(?:\d{12}:function:)?([^:]+)(?::[^:]+)?$/.exec(reference);
  return partial?.[1] ?? reference;
}

/** The ARN a request names in `field`, or the error Step Functions answers for a missing or malformed one. */
export function requireArn(value: unknown, field: string): string {
  if (value === undefined || value === null || value === '') {
    throw new AwsServiceError('ValidationException', `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  if (typeof value !== 'string' || !value.startsWith('arn:')) throw new AwsServiceError('InvalidArn', `Invalid Arn: '${String(value)}'`);
  return value;
}

export function executionArn(region: string, accountId: string, machineName: string, executionName: string): string {
  return `arn:aws:states:${region}:${accountId}:execution:${machineName}:${executionName}`;
}

/** The role every local state machine reports (nothing assumes it). */
export function localRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/local-step-functions`;
}

import type { Context } from 'aws-lambda';

let invocation = 0;

/** A Lambda context as the runtime passes it; each call is a new invocation id. */
export function lambdaContext(functionName = 'bss-test-function', remainingMillis = 30_000): Context {
  invocation += 1;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: `aws-request-${invocation}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/01/15/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => remainingMillis,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

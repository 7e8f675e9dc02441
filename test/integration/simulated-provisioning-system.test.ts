import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProvisioningRequest, ProvisioningSystem } from '../../domain/provisioning/provisioning-system.js';
import { localStateMachineArn } from '../../infra/local/runtime.js';
import { eventually, servicesUrl } from '../support/local-api.js';

/**
 * The simulated provisioning system as the saga reaches it: the adapter starts the
 * simulated-provisioning-system machine of the running runtime, which waits and runs
 * run-simulated-provisioning from the same ASL file AWS deploys. Nobody waits for these
 * requests, so the callback finds no request; the execution shows what was answered.
 */
const machineArn = localStateMachineArn('simulated-provisioning-system');
let provisioning: ProvisioningSystem;
let stepFunctions: SFNClient;

beforeAll(async () => {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SFN: servicesUrl(),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    BSS_STATE_MACHINE_ARN_SIMULATED_PROVISIONING_SYSTEM: machineArn,
    BSS_SIMULATED_PROVISIONING_DELAY_SECONDS: '0',
  });
  ({ simulatedProvisioningSystem: provisioning } = await import('../../functions/lib/providers/simulated-provisioning-system.js'));
  stepFunctions = new SFNClient({});
});

const request = (phoneNumber: string): ProvisioningRequest => ({
  requestId: `prv-${randomUUID()}`,
  orderId: `ord-${randomUUID()}`,
  orderItemId: '1',
  action: 'add',
  productId: 'prod-1',
  productOffering: { id: 'mobile-m', name: 'Mobile M' },
  characteristics: [{ name: 'phoneNumber', value: phoneNumber }],
});

async function finishedExecution(requestId: string) {
  const executionArn = `${machineArn.replace(':stateMachine:', ':execution:')}:${requestId}`;
  return eventually(async () => {
    const execution = await stepFunctions.send(new DescribeExecutionCommand({ executionArn }));
    return execution.status === 'RUNNING' ? undefined : execution;
  }, 20_000);
}

describe('simulated provisioning system on the local runtime', () => {
  it('answers a request through run-simulated-provisioning', async () => {
    const submitted = request('+33612341234');
    await provisioning.submit(submitted, { correlationId: 'corr-it' });
    const execution = await finishedExecution(submitted.requestId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!)).toMatchObject({ request: submitted, delaySeconds: 0, correlationId: 'corr-it', result: { answered: true } });
  });

  it('never answers a number ending in 9999, and still ends the execution', async () => {
    const submitted = request('+33612349999');
    await provisioning.submit(submitted);
    const execution = await finishedExecution(submitted.requestId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output!).result).toEqual({ answered: false });
  });

  it('starts one execution for a request submitted twice', async () => {
    const submitted = request('+33612341234');
    await provisioning.submit(submitted);
    await provisioning.submit(submitted);
    await finishedExecution(submitted.requestId);
    await provisioning.submit(submitted);
    const executions = await stepFunctions.send(new ListExecutionsCommand({ stateMachineArn: machineArn, maxResults: 1000 }));
    expect(executions.executions!.filter((execution) => execution.name === submitted.requestId)).toHaveLength(1);
  });
});

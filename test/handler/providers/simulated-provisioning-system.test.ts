import { ExecutionAlreadyExists, InvalidArn, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProvisioningRequest } from '../../../domain/provisioning/provisioning-system.js';
import { simulatedProvisioningDelaySeconds, simulatedProvisioningSystem } from '../../../functions/lib/providers/simulated-provisioning-system.js';
import { simulatedProvisioningSystemAtInit } from '../../../functions/lib/providers/simulated-provisioning-system-at-init.js';

const stepFunctions = mockClient(SFNClient);
afterAll(() => stepFunctions.restore());

const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:simulated-provisioning-system';
const request: ProvisioningRequest = {
  requestId: 'ord-1-item-1-add',
  orderId: 'ord-1',
  orderItemId: 'item-1',
  action: 'add',
  productId: 'prod-1',
  productOffering: { id: 'mobile-m', name: 'Mobile M' },
  characteristics: [{ name: 'phoneNumber', value: '+33612341234' }],
};

const started = () => stepFunctions.commandCalls(StartExecutionCommand).map((call) => call.args[0].input);

beforeEach(() => {
  stepFunctions.reset();
  stepFunctions.on(StartExecutionCommand).resolves({ executionArn: `${machineArn}:x`, startDate: new Date() });
  vi.stubEnv('BSS_STATE_MACHINE_ARN_SIMULATED_PROVISIONING_SYSTEM', machineArn);
  vi.stubEnv('BSS_SIMULATED_PROVISIONING_DELAY_SECONDS', '2');
  return () => vi.unstubAllEnvs();
});

// One adapter, its Step Functions SDK loaded with the first submission or at init.
describe.each([
  ['loading the SDK with its first submission', simulatedProvisioningSystem],
  ['made at init', simulatedProvisioningSystemAtInit],
])('simulated provisioning system adapter, %s', (_loaded, provisioning) => {
  it('starts one execution named after the request, with the request and the configured delay', async () => {
    vi.stubEnv('BSS_SIMULATED_PROVISIONING_DELAY_SECONDS', '7');
    await provisioning.submit(request, { correlationId: 'corr-1' });
    expect(started()).toEqual([{ stateMachineArn: machineArn, name: 'ord-1-item-1-add', input: expect.any(String) }]);
    expect(JSON.parse(started()[0]!.input!)).toEqual({ request, delaySeconds: 7, correlationId: 'corr-1' });
  });

  it('leaves the correlation id out when none is given', async () => {
    await provisioning.submit(request);
    expect(JSON.parse(started()[0]!.input!)).toEqual({ request, delaySeconds: 2 });
  });

  it('takes an execution that already exists as the duplicate submit it is', async () => {
    stepFunctions.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));
    await expect(provisioning.submit(request)).resolves.toBeUndefined();
  });

  it('passes any other Step Functions error on', async () => {
    stepFunctions.on(StartExecutionCommand).rejects(new InvalidArn({ message: 'Invalid Arn', $metadata: {} }));
    await expect(provisioning.submit(request)).rejects.toThrow(InvalidArn);
  });

  it('refuses a request id Step Functions cannot use as an execution name, before calling it', async () => {
    await expect(provisioning.submit({ ...request, requestId: 'ord 1/item#1' })).rejects.toThrow(/execution/);
    await expect(provisioning.submit({ ...request, requestId: 'x'.repeat(81) })).rejects.toThrow(/1 to 80/);
    expect(started()).toEqual([]);
  });

  it('says which variable is missing when it has no state machine ARN', async () => {
    vi.stubEnv('BSS_STATE_MACHINE_ARN_SIMULATED_PROVISIONING_SYSTEM', '');
    await expect(provisioning.submit(request)).rejects.toThrow(/BSS_STATE_MACHINE_ARN_SIMULATED_PROVISIONING_SYSTEM/);
  });
});

describe('simulated provisioning delay', () => {
  it('is 2 seconds unless configured', () => {
    expect(simulatedProvisioningDelaySeconds({})).toBe(2);
    expect(simulatedProvisioningDelaySeconds({ BSS_SIMULATED_PROVISIONING_DELAY_SECONDS: ' ' })).toBe(2);
    expect(simulatedProvisioningDelaySeconds({ BSS_SIMULATED_PROVISIONING_DELAY_SECONDS: '0' })).toBe(0);
    expect(simulatedProvisioningDelaySeconds({ BSS_SIMULATED_PROVISIONING_DELAY_SECONDS: '30' })).toBe(30);
  });

  it.each(['-1', '1.5', 'soon', '31536001'])('refuses %s, naming the variable', (configured) => {
    expect(() => simulatedProvisioningDelaySeconds({ BSS_SIMULATED_PROVISIONING_DELAY_SECONDS: configured })).toThrow(/BSS_SIMULATED_PROVISIONING_DELAY_SECONDS/);
  });
});

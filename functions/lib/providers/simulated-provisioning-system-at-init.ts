import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ProvisioningSystem } from '../../../domain/provisioning/provisioning-system.js';
import { SimulatedProvisioningSystem, simulatedProvisioningDelaySeconds, stateMachineArn } from './simulated-provisioning-system.js';

/**
 * The simulated provisioning system (simulated-provisioning-system.ts) for functions that
 * provision with every request they carry out, such as restoring a suspended service: the
 * Step Functions SDK and client are made at init, where a cold start's cost belongs, not with
 * the first request.
 */
const stepFunctions = { sdk: { ExecutionAlreadyExists, StartExecutionCommand }, client: new SFNClient({}) };

export const simulatedProvisioningSystemAtInit: ProvisioningSystem = new SimulatedProvisioningSystem({
  stepFunctions: () => stepFunctions,
  stateMachineArn: () => stateMachineArn(),
  delaySeconds: () => simulatedProvisioningDelaySeconds(),
});

import { provisioningResultSchema } from '../../domain/provisioning/provisioning-system.js';
import { provisioningWrites } from '../../domain/shared/write-access.js';
import { readWrite, sendTaskResults, type BoundedContext } from './shared.js';

/**
 * Provisioning: the callback through which the provisioning system resumes a waiting order,
 * and the simulated provisioning system (docs/providers.md) with its state machine.
 */
export const provisioning: BoundedContext = {
  name: 'provisioning',
  functions: [
    {
      name: 'record-provisioning-result',
      entry: 'functions/provisioning/record-provisioning-result.ts',
      description: 'POST /provisioning/v1/provisioningRequest/{id}/result: the provisioning system calls back; resumes the waiting order',
      permissions: [
        { resource: 'table', actions: readWrite, keys: ['PROVISIONING_REQUEST#*'] },
        { resource: 'state-machine:order-to-cash', actions: sendTaskResults },
      ],
    },
    {
      name: 'run-simulated-provisioning',
      entry: 'functions/provisioning/run-simulated-provisioning.ts',
      description: 'The simulated provisioning system (docs/providers.md): decides the outcome of a request and calls back',
      permissions: [
        { resource: 'table', actions: readWrite, keys: ['PROVISIONING_REQUEST#*'] },
        { resource: 'state-machine:order-to-cash', actions: sendTaskResults },
      ],
    },
  ],
  routes: [
    {
      method: 'POST',
      path: '/provisioning/v1/provisioningRequest/{id}/result',
      function: 'record-provisioning-result',
      authorized: true,
      requestBody: provisioningResultSchema,
      writeAccess: provisioningWrites,
    },
  ],
  stateMachines: [
    {
      name: 'simulated-provisioning-system',
      definitionFile: 'state-machines/simulated-provisioning-system.asl.json',
      invokes: ['run-simulated-provisioning'],
    },
  ],
  eventRules: [],
  schedules: [],
};

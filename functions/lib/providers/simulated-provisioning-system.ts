import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ProvisioningRequest, ProvisioningSystem } from '../../../domain/provisioning/provisioning-system.js';

/**
 * SIMULATED provisioning system (docs/providers.md). `submit` starts an execution of the
 * simulated-provisioning-system state machine, which waits `delaySeconds` and then runs
 * run-simulated-provisioning: that function decides the outcome from the request
 * (simulated-provisioning-rules.ts) and calls back as a real system would, through
 * recordProvisioningResult. Asynchronous like the real thing, deterministic in its answers.
 *
 * The execution is named after the request id, so submitting a request twice starts one
 * execution: Step Functions refuses a second execution of the same name (for 90 days after
 * the first closed), and that refusal is the duplicate we wanted to ignore.
 *
 * The slot for a real provisioning system: another adapter in this folder implementing the
 * ProvisioningSystem port (a call to its order API, with the request id as its idempotency
 * key), whose callback reaches POST /provisioning/v1/provisioningRequest/{id}/result.
 */

/** The machine input; run-simulated-provisioning reads the same shape. */
export interface SimulatedProvisioningInput {
  request: ProvisioningRequest;
  delaySeconds: number;
  /** The submitter's correlation id, carried to the callback so one order's logs join up. */
  correlationId?: string;
}

/** infra/topology.ts stateMachineArnVariable('simulated-provisioning-system'); read here, not imported, to keep infra out of the bundle. */
export const stateMachineArnEnvironmentVariable = 'BSS_STATE_MACHINE_ARN_SIMULATED_PROVISIONING_SYSTEM';
export const delayEnvironmentVariable = 'BSS_SIMULATED_PROVISIONING_DELAY_SECONDS';
export const defaultDelaySeconds = 2;

/** Step Functions' rule for execution names (1–80 characters, none of whitespace, brackets, wildcards, ...). */
const executionName = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

export function simulatedProvisioningDelaySeconds(environment: NodeJS.ProcessEnv = process.env): number {
  const configured = environment[delayEnvironmentVariable];
  if (configured === undefined || configured.trim() === '') return defaultDelaySeconds;
  const seconds = Number(configured);
  // A Wait state's SecondsPath needs a whole, non-negative number; one year is Step Functions' maximum duration.
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 31_536_000) {
    throw new Error(`${delayEnvironmentVariable} must be a whole number of seconds between 0 and 31536000, got ${JSON.stringify(configured)}`);
  }
  return seconds;
}

function stateMachineArn(environment: NodeJS.ProcessEnv = process.env): string {
  const arn = environment[stateMachineArnEnvironmentVariable];
  if (!arn) throw new Error(`${stateMachineArnEnvironmentVariable} is not set: this function has no permission to start the simulated provisioning system`);
  return arn;
}

export interface SimulatedProvisioningSystemOptions {
  client: () => SFNClient;
  stateMachineArn: () => string;
  delaySeconds: () => number;
}

export class SimulatedProvisioningSystem implements ProvisioningSystem {
  constructor(private readonly options: SimulatedProvisioningSystemOptions) {}

  async submit(request: ProvisioningRequest, context: { correlationId?: string } = {}): Promise<void> {
    if (!executionName.test(request.requestId)) {
      throw new Error(
        `provisioning request id ${JSON.stringify(request.requestId)} cannot name a Step Functions execution: use 1 to 80 characters without whitespace or any of <>{}[]?*"#%\\^|~\`$&,;:/`,
      );
    }
    const input: SimulatedProvisioningInput = {
      request,
      delaySeconds: this.options.delaySeconds(),
      ...(context.correlationId === undefined ? {} : { correlationId: context.correlationId }),
    };
    try {
      await this.options.client().send(
        new StartExecutionCommand({ stateMachineArn: this.options.stateMachineArn(), name: request.requestId, input: JSON.stringify(input) }),
      );
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return;
      throw error;
    }
  }
}

/**
 * The SFN client, made with the first submission (the endpoint comes from AWS_ENDPOINT_URL_SFN
 * locally): dunning's review and the collections run carry the system for the accounts they
 * suspend or restore, which few of their requests do, and a process's first SFN client costs
 * about 3 to 4 ms of the SDK's cold code here.
 */
let stepFunctions: SFNClient | undefined;

export const simulatedProvisioningSystem: ProvisioningSystem = new SimulatedProvisioningSystem({
  client: () => (stepFunctions ??= new SFNClient({})),
  stateMachineArn: () => stateMachineArn(),
  delaySeconds: () => simulatedProvisioningDelaySeconds(),
});

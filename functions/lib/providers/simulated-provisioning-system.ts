import type { SFNClient } from '@aws-sdk/client-sfn';
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

export function stateMachineArn(environment: NodeJS.ProcessEnv = process.env): string {
  const arn = environment[stateMachineArnEnvironmentVariable];
  if (!arn) throw new Error(`${stateMachineArnEnvironmentVariable} is not set: this function has no permission to start the simulated provisioning system`);
  return arn;
}

/** What a submission takes from the Step Functions SDK: the module, passed in so that it can be loaded with the first submission. */
export interface StepFunctions {
  sdk: Pick<typeof import('@aws-sdk/client-sfn'), 'StartExecutionCommand' | 'ExecutionAlreadyExists'>;
  client: SFNClient;
}

export interface SimulatedProvisioningSystemOptions {
  stepFunctions: () => StepFunctions | Promise<StepFunctions>;
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
    const machineArn = this.options.stateMachineArn();
    const { sdk, client } = await this.options.stepFunctions();
    try {
      await client.send(new sdk.StartExecutionCommand({ stateMachineArn: machineArn, name: request.requestId, input: JSON.stringify(input) }));
    } catch (error) {
      if (error instanceof sdk.ExecutionAlreadyExists) return;
      throw error;
    }
  }
}

/**
 * The SDK and its client, loaded with the first submission (the endpoint comes from
 * AWS_ENDPOINT_URL_SFN locally), for functions few of whose requests provision: dunning's review,
 * its stop and the collections run suspend or restore few of the accounts they see. Loading the
 * SDK's Step Functions module costs about 7 to 10 ms here and its first client 3 to 4 ms, and
 * the module leaves so little of the young generation that the function's own import then pays
 * a scavenge (docs/decisions.md, "Step Functions loaded with the first submission").
 * simulated-provisioning-system-at-init.ts has the system for functions that provision with
 * every request.
 */
let stepFunctions: Promise<StepFunctions> | undefined;

function stepFunctionsOnFirstUse(): Promise<StepFunctions> {
  stepFunctions ??= import('@aws-sdk/client-sfn').then((sdk) => ({ sdk, client: new sdk.SFNClient({}) }));
  return stepFunctions;
}

// Pure: a bundle that takes simulated-provisioning-system-at-init.ts instead carries no import() of the SDK.
export const simulatedProvisioningSystem: ProvisioningSystem = /* @__PURE__ */ new SimulatedProvisioningSystem({
  stepFunctions: stepFunctionsOnFirstUse,
  stateMachineArn: () => stateMachineArn(),
  delaySeconds: () => simulatedProvisioningDelaySeconds(),
});

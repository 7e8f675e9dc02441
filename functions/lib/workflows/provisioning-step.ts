import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { ProvisioningResult } from '../../../domain/provisioning/provisioning-system.js';

const stepFunctions = new SFNClient({});

/** Task tokens that no longer resume anything: the step timed out, failed, or the execution ended. */
const closedTokenErrors = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Resumes the order-to-cash step waiting on `taskToken` with the provisioning system's answer
 * for one item: success with the service id, or failure with the reason. 'closed' when nothing
 * waits on that token any more.
 */
export async function resumeProvisioningStep(taskToken: string, request: { requestId: string; itemId: string }, result: ProvisioningResult): Promise<'resumed' | 'closed'> {
  try {
    if (result.outcome === 'succeeded') {
      const output = JSON.stringify({ itemId: request.itemId, serviceId: result.serviceId ?? request.requestId });
      await stepFunctions.send(new SendTaskSuccessCommand({ taskToken, output }));
    } else {
      const cause = result.reason ?? 'the provisioning system gave no reason';
      await stepFunctions.send(new SendTaskFailureCommand({ taskToken, error: 'ProvisioningFailed', cause }));
    }
    return 'resumed';
  } catch (error) {
    if (error instanceof Error && closedTokenErrors.has(error.name)) return 'closed';
    throw error;
  }
}

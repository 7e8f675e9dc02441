import type { ProvisioningSystem } from '../../domain/provisioning/provisioning-system.js';
import { customerNow } from '../lib/clock.js';
import { simulatedProvisioningSystemAtInit } from '../lib/providers/simulated-provisioning-system-at-init.js';
import { findProvisioningRequest, saveProvisioningRequest } from '../lib/store/provisioning-request-store.js';
import { resumeProvisioningStep } from '../lib/workflows/provisioning-step.js';
import { stateMachineTask } from '../lib/workflows/state-machine-task.js';
import { loadOrder, type OrderStepInput } from './order-step.js';

/**
 * Order-to-cash, per item (.waitForTaskToken): records the provisioning request with the task
 * token, then hands the item to the provisioning system. The step resumes when the system
 * calls back (functions/provisioning/record-provisioning-result.ts) or fails at its timeout.
 * The request id is the order item's (its position), so a retried step re-arms the same request.
 */
export function requestItemProvisioningWith(provisioning: ProvisioningSystem) {
  return async (input: OrderStepInput & { itemId: string; taskToken: string }) => {
    const { fulfilment } = await loadOrder(input.orderId);
    const requestedAt = await customerNow(fulfilment.testClockId);
    const position = fulfilment.items.findIndex((candidate) => candidate.itemId === input.itemId);
    const item = fulfilment.items[position];
    if (!item) throw new Error(`order ${input.orderId} has no item ${input.itemId}`);
    // By position, not by the client's item id: request ids must fit a Step Functions execution name.
    const requestId = `${input.orderId}-item-${position + 1}`;
    const saved = await saveProvisioningRequest({
      requestId,
      orderId: input.orderId,
      itemId: input.itemId,
      taskToken: input.taskToken,
      requestedAt,
    });
    if (saved === 'already-answered') {
      // A retry of a step that crashed after handing the item over: the answer went to the previous
      // attempt's token, which is closed, and is recorded; this attempt's token gets it now.
      const answered = await findProvisioningRequest(requestId);
      if (answered?.result) await resumeProvisioningStep(input.taskToken, { requestId, itemId: input.itemId }, answered.result);
      return { requestId, submitted: false };
    }
    await provisioning.submit({
      requestId,
      orderId: input.orderId,
      orderItemId: input.itemId,
      action: item.action,
      productId: item.productId,
      productOffering: { id: item.productOffering?.id ?? '', name: item.productOffering?.name ?? '' },
      characteristics: item.characteristics,
    }, { correlationId: input.correlationId });
    return { requestId, submitted: true };
  };
}

export const handler = stateMachineTask('orderId', requestItemProvisioningWith(simulatedProvisioningSystemAtInit));

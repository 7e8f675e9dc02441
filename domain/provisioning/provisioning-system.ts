import * as z from '../shared/zod.js';

/**
 * The provisioning port: the network-side system that activates what an order item sells (a
 * SIM, a number port, a broadband line). Provisioning is asynchronous: `submit` only hands the
 * request over, and the system answers later by calling
 * POST /provisioning/v1/provisioningRequest/{id}/result with a ProvisioningResult. Adapters
 * live in functions/lib/providers/ (the simulated one is described in docs/providers.md).
 */
export const provisioningActions = ['add', 'modify', 'delete', 'suspend', 'resume'] as const;
export type ProvisioningAction = (typeof provisioningActions)[number];

export interface ProvisioningRequest {
  /** Unique per attempt at provisioning one order item; the callback names it, and submit is idempotent on it. */
  requestId: string;
  orderId: string;
  orderItemId: string;
  /**
   * What to do with the service: an order item's `add`, `modify` or `delete`; dunning's `suspend`
   * and `resume` (docs/collections.md), which name the order item that made the product.
   */
  action: ProvisioningAction;
  productId: string;
  productOffering: { id: string; name: string };
  characteristics: { name: string; value: string | number | boolean }[];
}

export interface ProvisioningSystem {
  /**
   * Idempotent on requestId: submitting the same request twice provisions once and answers
   * once. The correlation id, when given, comes back with the callback (for the logs).
   */
  submit(request: ProvisioningRequest, context?: { correlationId?: string }): Promise<void>;
}

/**
 * The callback body. Strict and free of transforms, because API Gateway validates the same
 * schema as a draft-04 request model; the "reason when failed" rule is a refinement, which the
 * model cannot express, so the handler enforces it.
 */
export const provisioningResultSchema = /* @__PURE__ */ z.lazy(() => z
  .strictObject({
    outcome: z.enum(['succeeded', 'failed']),
    /** The provisioned service's id in the provisioning system, when it has one. */
    serviceId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
    /** Why it failed, in words an operator can act on. */
    reason: z.optional(z.string().check(z.minLength(1), z.maxLength(1024))),
  })
  .check(
    z.superRefine((result, context) => {
      if (result.outcome === 'failed' && result.reason === undefined) {
        context.addIssue({ code: 'custom', path: ['reason'], message: 'a failed result says why: give a reason' });
      }
    }),
  ));

export type ProvisioningResult = z.infer<typeof provisioningResultSchema>;

import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { OnboardingFailed } from '../../domain/events/onboarding-events.js';
import { failOnboarding, recordFirstOrder, stepOf, type Onboarding } from '../../domain/onboarding/onboarding.js';
import type { ProductOrderCreate } from '../../domain/orders/product-order-request.js';
import { InvalidInputError, RuleViolationError } from '../../domain/shared/domain-errors.js';
import type { Principal } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { logger, metrics } from '../lib/observability/telemetry.js';
import { updateOnboarding } from '../lib/store/onboarding-store.js';
import { findProductOrder } from '../lib/store/product-order-store.js';
import { placeProductOrder } from '../orders/place-product-order.js';
import { derivedId } from './onboarding-ids.js';
import { onboardingTask, type OnboardingTask } from './onboarding-task.js';

export type FirstOrderOutcome =
  | { outcome: 'placed'; productOrderId: string }
  | { outcome: 'skipped' }
  | { outcome: 'failed'; reason: string };

/** Onboarding places the first order as an agent would: the agent who submitted the application acted through it. */
const onboardingPrincipal: Principal = { subject: 'onboarding', roles: ['agent'] };

/** Order capture said no (an offering not on sale, a characteristic not allowed, ...): the application asked for something we cannot sell. */
function refusal(error: unknown): string | undefined {
  if (error instanceof InvalidInputError || error instanceof RuleViolationError) return error.message;
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return error.message;
  return undefined;
}

/**
 * Step 4: places the application's first order on the new account through order capture, as
 * POST /productOrder does; ProductOrderCreated then runs it through order-to-cash, which the
 * onboarding does not wait for. The order id is derived from the onboarding's, so a retry after
 * the order was stored finds it instead of placing a second one. Skipped when the application
 * has no first order; a refused order fails the onboarding (the customer keeps its account).
 */
async function placeOnboardingOrder({ stored, now, correlationId, origin }: OnboardingTask): Promise<FirstOrderOutcome> {
  const { onboarding, application, version } = stored;
  const recorded = stepOf(onboarding, 'placeFirstOrder');
  if (recorded) return recorded.state === 'skipped' ? { outcome: 'skipped' } : { outcome: 'placed', productOrderId: onboarding.productOrder!.id };

  if (!application.productOrder) {
    await updateOnboarding(recordFirstOrder(onboarding, undefined, now), version, []);
    return { outcome: 'skipped' };
  }

  const orderId = derivedId(onboarding.id, 'productOrder');
  const existing = await findProductOrder(orderId, { consistent: true });
  let order = existing?.order;
  if (!order) {
    const input: ProductOrderCreate = {
      ...application.productOrder,
      billingAccount: { id: onboarding.billingAccount!.id },
      externalId: `onboarding:${onboarding.id}`,
    };
    // Order capture stores the order under the derived id (its insert is conditional on a new id),
    // so a retry finds it above instead of placing a second first order.
    const capture: Parameters<typeof placeProductOrder>[1] = { principal: onboardingPrincipal, correlationId, now, orderId };
    try {
      ({ order } = await placeProductOrder(input, capture));
    } catch (error) {
      const reason = refusal(error);
      if (reason !== undefined) return failWith(onboarding, version, `the first order was refused: ${reason}`, { now, origin });
      // A duplicate execution may have stored the same order a moment ago: then it is ours.
      order = (await findProductOrder(orderId, { consistent: true }))?.order;
      if (!order) throw error;
    }
  }
  await updateOnboarding(recordFirstOrder(onboarding, order, now), version, []);
  metrics.addMetric('OnboardingOrdersPlaced', MetricUnit.Count, 1);
  return { outcome: 'placed', productOrderId: order.id };
}

async function failWith(
  onboarding: Onboarding,
  version: number,
  reason: string,
  { now, origin }: Pick<OnboardingTask, 'now' | 'origin'>,
): Promise<FirstOrderOutcome> {
  const event = OnboardingFailed.create(
    { onboardingId: onboarding.id, customerId: onboarding.customer!.id, failedStep: 'placeFirstOrder', reason },
    origin('OnboardingFailed'),
  );
  await updateOnboarding(failOnboarding(onboarding, reason, now), version, [event]);
  logger.info('onboarding failed: first order refused', { reason });
  metrics.addMetric('OnboardingsFailed', MetricUnit.Count, 1);
  return { outcome: 'failed', reason };
}

export const handler = onboardingTask(placeOnboardingOrder);

import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OnboardingFailed } from '../../../domain/events/onboarding-events.js';
import { recordFirstOrder } from '../../../domain/onboarding/onboarding.js';
import type { ProductOrder } from '../../../domain/orders/product-order.js';
import { InvalidInputError } from '../../../domain/shared/domain-errors.js';
import { systemClock } from '../../../functions/lib/clock.js';
import { derivedId } from '../../../functions/onboarding/onboarding-ids.js';
import { handler } from '../../../functions/onboarding/place-onboarding-order.js';
import { placeProductOrder } from '../../../functions/orders/place-product-order.js';
import {
  application,
  context,
  correlationId,
  ids,
  now,
  onboardingId,
  onboardingUpdate,
  outboxEvents,
  storeOnboarding,
  taskInput,
  withAccount,
} from './onboarding-fixtures.js';

vi.mock('../../../functions/orders/place-product-order.js', () => ({ placeProductOrder: vi.fn() }));

const documentMock = mockClient(DynamoDBDocumentClient);
afterAll(() => documentMock.restore());

const place = () => handler(taskInput(), context('place-onboarding-order'));
const orderId = derivedId(onboardingId, 'productOrder');
const orderHref = `/tmf-api/productOrderingManagement/v4/productOrder/${orderId}`;
const firstOrder = { productOrderItem: [{ id: '1', action: 'add' as const, productOffering: { id: 'mobile-m' } }], description: 'first order' };
const placedOrder = { id: orderId, href: orderHref, state: 'acknowledged' } as ProductOrder;

beforeEach(() => {
  documentMock.reset();
  documentMock.on(GetCommand).resolves({});
  documentMock.on(TransactWriteCommand).resolves({});
  storeOnboarding(documentMock, withAccount(), 4, application({ productOrder: firstOrder }));
  vi.mocked(placeProductOrder).mockReset().mockResolvedValue({ order: placedOrder, version: 1 });
  vi.spyOn(systemClock, 'now').mockReturnValue(now);
  return () => vi.restoreAllMocks();
});

describe('place-onboarding-order (step 4)', () => {
  it("places the first order on the new account as an agent, under the id derived from the onboarding's, and records it", async () => {
    await expect(place()).resolves.toEqual({ outcome: 'placed', productOrderId: orderId });

    expect(placeProductOrder).toHaveBeenCalledTimes(1);
    expect(vi.mocked(placeProductOrder).mock.calls[0]).toEqual([
      { ...firstOrder, billingAccount: { id: ids.billingAccountId }, externalId: `onboarding:${onboardingId}` },
      { principal: { subject: 'onboarding', roles: ['agent'] }, correlationId, now, orderId },
    ]);
    const { expected, onboarding } = onboardingUpdate(documentMock);
    expect(expected).toBe(4);
    expect(onboarding.productOrder).toEqual({ id: orderId, href: orderHref, '@referredType': 'ProductOrder' });
    expect(onboarding.step.at(-1)).toMatchObject({ name: 'placeFirstOrder', state: 'done' });
  });

  it('is skipped when the application has no first order', async () => {
    storeOnboarding(documentMock, withAccount(), 4, application());
    await expect(place()).resolves.toEqual({ outcome: 'skipped' });
    expect(placeProductOrder).not.toHaveBeenCalled();
    expect(onboardingUpdate(documentMock).onboarding.step.at(-1)).toMatchObject({ name: 'placeFirstOrder', state: 'skipped' });
  });

  it('a retry after the order was stored but not recorded finds it and places no second one', async () => {
    documentMock
      .on(GetCommand, { Key: { pk: `PRODUCT_ORDER#${orderId}`, sk: 'PRODUCT_ORDER' } })
      .resolves({ Item: { resource: placedOrder, version: 1, fulfilment: {}, saga: {} } });
    await expect(place()).resolves.toEqual({ outcome: 'placed', productOrderId: orderId });
    expect(placeProductOrder).not.toHaveBeenCalled();
    expect(onboardingUpdate(documentMock).onboarding.productOrder?.id).toBe(orderId);
  });

  it('a repeat after the step is recorded neither places nor writes', async () => {
    storeOnboarding(documentMock, recordFirstOrder(withAccount(), { id: orderId, href: orderHref }, now), 5, application({ productOrder: firstOrder }));
    await expect(place()).resolves.toEqual({ outcome: 'placed', productOrderId: orderId });
    expect(placeProductOrder).not.toHaveBeenCalled();
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('an order that order capture refuses fails the onboarding with the reason and OnboardingFailed', async () => {
    vi.mocked(placeProductOrder).mockRejectedValue(new InvalidInputError('the order cannot be accepted: productOrderItem.0.productOffering: not on sale'));
    await expect(place()).resolves.toMatchObject({ outcome: 'failed' });
    const { onboarding } = onboardingUpdate(documentMock);
    expect(onboarding).toMatchObject({
      state: 'failed',
      failureReason: 'the first order was refused: the order cannot be accepted: productOrderItem.0.productOffering: not on sale',
    });
    expect(onboarding.step.at(-1)).toMatchObject({ name: 'placeFirstOrder', state: 'failed' });
    expect(OnboardingFailed.parseDetail(outboxEvents(documentMock)[0]!.detail).data).toMatchObject({ failedStep: 'placeFirstOrder', customerId: ids.customerId });
  });

  it('any other failure propagates for the machine to retry or catch, unless the order turns out stored', async () => {
    vi.mocked(placeProductOrder).mockRejectedValue(new Error('socket hang up'));
    await expect(place()).rejects.toThrow('socket hang up');
    expect(documentMock.commandCalls(TransactWriteCommand)).toHaveLength(0);

    documentMock
      .on(GetCommand, { Key: { pk: `PRODUCT_ORDER#${orderId}`, sk: 'PRODUCT_ORDER' } })
      .resolvesOnce({})
      .resolves({ Item: { resource: placedOrder, version: 1, fulfilment: {}, saga: {} } });
    await expect(place()).resolves.toEqual({ outcome: 'placed', productOrderId: orderId });
  });
});

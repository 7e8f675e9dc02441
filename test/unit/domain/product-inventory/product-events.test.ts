import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { eventCatalog, eventJsonSchemas } from '../../../../domain/events/event-catalog.js';
import { ProductActivated, ProductStatusChanged, ProductTerminated } from '../../../../domain/events/product-inventory-events.js';
import { transitionProduct, withRealizingServices } from '../../../../domain/product-inventory/product.js';
import { productSnapshot, productStatusChangedEvents } from '../../../../functions/product-inventory/product-events.js';
import { productIn } from '../../../support/product-fixtures.js';

let sequence = 0;
const origin = () => ({ eventId: `evt-${(sequence += 1)}`, occurredAt: '2026-02-01T08:00:00.000Z', correlationId: 'order-1' });
const at = '2026-02-01T08:00:00.000Z';
const typesOf = (events: { detailType: string }[]) => events.map((event) => event.detailType);

describe('product events', () => {
  it('are published by bss.products, version 1.0, and listed in the event catalog', () => {
    for (const type of [ProductStatusChanged, ProductActivated, ProductTerminated]) {
      expect(type.source).toBe('bss.products');
      expect(type.schemaVersion).toBe('1.0');
      expect(eventCatalog).toContain(type);
    }
  });

  it('the snapshot carries what billing charges: account, customer, order item and the prices sold at', () => {
    const product = withRealizingServices(transitionProduct(productIn('pendingActive'), 'active', at), ['svc-9'], at);
    expect(productSnapshot(product)).toEqual({
      id: 'prod-1',
      href: '/tmf-api/productInventory/v4/product/prod-1',
      name: 'Fibre 1G',
      status: 'active',
      productOfferingId: 'po-fibre',
      billingAccountId: 'ba-1',
      customerId: 'cust-1',
      productOrderId: 'order-1',
      orderItemId: '1',
      quantity: 1,
      startDate: at,
      productPrice: [
        {
          name: 'Fibre 1G monthly fee',
          priceType: 'recurring',
          recurringChargePeriod: 'month',
          recurringChargePeriodLength: 1,
          dutyFreeAmount: { unit: 'EUR', value: 25 },
          taxIncludedAmount: { unit: 'EUR', value: 30 },
          productOfferingPriceId: 'pop-fibre-monthly',
        },
        {
          name: 'Installation',
          priceType: 'oneTime',
          dutyFreeAmount: { unit: 'EUR', value: 40 },
          taxIncludedAmount: { unit: 'EUR', value: 48 },
          productOfferingPriceId: 'pop-install',
        },
      ],
      realizingServiceIds: ['svc-9'],
    });
  });

  it('the first activation reports ProductStatusChanged and ProductActivated', () => {
    const before = productIn('created');
    const after = transitionProduct(transitionProduct(before, 'pendingActive', at), 'active', at);
    const events = productStatusChangedEvents(before, after, origin);
    expect(typesOf(events)).toEqual(['ProductStatusChanged', 'ProductActivated']);
    expect(events[0]!.detail.data).toEqual({ productId: 'prod-1', customerId: 'cust-1', billingAccountId: 'ba-1', from: 'created', to: 'active' });
    expect(events[1]!.detail.data).toEqual({ product: productSnapshot(after) });
    expect(new Set(events.map((event) => event.detail.metadata.eventId)).size).toBe(2);
  });

  it('a resume from suspension is only a status change', () => {
    const suspended = productIn('suspended');
    expect(typesOf(productStatusChangedEvents(suspended, transitionProduct(suspended, 'active', at), origin))).toEqual(['ProductStatusChanged']);
  });

  it('termination reports ProductTerminated with the reason', () => {
    const before = productIn('pendingTerminate');
    const events = productStatusChangedEvents(before, transitionProduct(before, 'terminated', at), origin, 'written off');
    expect(typesOf(events)).toEqual(['ProductStatusChanged', 'ProductTerminated']);
    expect(events[0]!.detail.data).toMatchObject({ from: 'pendingTerminate', to: 'terminated', reason: 'written off' });
    expect(events[1]!.detail.data).toMatchObject({ reason: 'written off', product: { status: 'terminated', terminationDate: at } });
  });

  it('nothing when the status did not move', () => {
    const product = productIn('active');
    expect(productStatusChangedEvents(product, withRealizingServices(product, ['svc-1'], at), origin)).toEqual([]);
  });

  it('refuses a status outside the TMF637 lifecycle', () => {
    const data = { productId: 'p', customerId: 'c', billingAccountId: 'b', from: 'active', to: 'aborted' };
    expect(() => ProductStatusChanged.create(data as never, origin())).toThrow(z.core.$ZodError);
  });

  it('exports JSON Schemas that validate the published details', () => {
    const schemas = eventJsonSchemas();
    const ajv = new Ajv2020({ strict: false });
    ajvFormats.default(ajv);
    const before = productIn('created');
    const active = transitionProduct(transitionProduct(before, 'pendingActive', at), 'active', at);
    const terminated = transitionProduct(transitionProduct(active, 'pendingTerminate', at), 'terminated', at);
    for (const event of [...productStatusChangedEvents(before, active, origin), ...productStatusChangedEvents(active, terminated, origin)]) {
      const validate = ajv.compile(schemas[`${event.source}/${event.detailType}`] as object);
      expect(validate(event.detail), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ ...event.detail, data: {} })).toBe(false);
    }
  });
});

import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { eventCatalog, eventJsonSchemas } from '../../../../domain/events/event-catalog.js';
import { PaymentAuthorizationVoided, PaymentCaptured, RefundIssued } from '../../../../domain/events/payment-events.js';
import { money } from '../../../../domain/money/money.js';
import { paymentAuthorizationVoidedEvent, paymentCapturedEvent, refundIssuedEvent } from '../../../../functions/payments/payment-events.js';
import { paymentResource, refundResource } from '../../../support/payment-fixtures.js';

const origin = { eventId: 'evt-1', occurredAt: '2026-01-15T10:05:00.000Z', correlationId: 'order-1' };

describe('payment events', () => {
  it('are published by bss.payments, version 1.0, and listed in the event catalog', () => {
    for (const type of [PaymentCaptured, RefundIssued, PaymentAuthorizationVoided]) {
      expect(type.source).toBe('bss.payments');
      expect(type.schemaVersion).toBe('1.0');
      expect(eventCatalog).toContain(type);
    }
  });

  it('PaymentCaptured carries the payment: order, account, customer and TMF amounts', () => {
    expect(paymentCapturedEvent(paymentResource(), origin)).toEqual({
      source: 'bss.payments',
      detailType: 'PaymentCaptured',
      detail: {
        metadata: { ...origin, schemaVersion: '1.0' },
        data: {
          payment: {
            id: 'pay-1',
            href: '/tmf-api/paymentManagement/v4/payment/pay-1',
            status: 'captured',
            paymentDate: '2026-01-15T10:05:00.000Z',
            orderId: 'order-1',
            billingAccountId: 'ba-1',
            customerId: 'cust-1',
            amount: { unit: 'EUR', value: 49.98 },
            taxAmount: { unit: 'EUR', value: 10 },
            totalAmount: { unit: 'EUR', value: 59.98 },
          },
        },
      },
    });
  });

  it('RefundIssued carries the refund, its payment and its reason', () => {
    expect(refundIssuedEvent(refundResource(), origin).detail.data).toEqual({
      refund: {
        id: 'ref-1',
        href: '/tmf-api/paymentManagement/v4/refund/ref-1',
        status: 'done',
        refundDate: '2026-01-15T10:06:00.000Z',
        paymentId: 'pay-1',
        orderId: 'order-1',
        billingAccountId: 'ba-1',
        customerId: 'cust-1',
        amount: { unit: 'EUR', value: 29.99 },
        totalAmount: { unit: 'EUR', value: 29.99 },
        reason: 'Order item 2 could not be provisioned',
      },
    });
  });

  it('PaymentAuthorizationVoided carries the order, the authorization and the amount as TMF Money', () => {
    const event = paymentAuthorizationVoidedEvent({ orderId: 'order-1', authorizationId: 'auth-1', amount: money(5998n, 'EUR'), customerId: 'cust-1' }, origin);
    expect(event.detail.data).toEqual({ orderId: 'order-1', authorizationId: 'auth-1', amount: { unit: 'EUR', value: 59.98 }, customerId: 'cust-1' });
    expect(() => PaymentAuthorizationVoided.create({ orderId: 'order-1', amount: { unit: 'EUR', value: 1 } } as never, origin)).toThrow(z.core.$ZodError);
  });

  it('exports JSON Schemas that validate the published details', () => {
    const schemas = eventJsonSchemas();
    const ajv = new Ajv2020({ strict: false });
    ajvFormats.default(ajv);
    const events = [
      paymentCapturedEvent(paymentResource(), origin),
      refundIssuedEvent(refundResource(), origin),
      paymentAuthorizationVoidedEvent({ orderId: 'order-1', authorizationId: 'auth-1', amount: money(100n, 'EUR') }, origin),
    ];
    for (const event of events) {
      const validate = ajv.compile(schemas[`${event.source}/${event.detailType}`] as object);
      expect(validate(event.detail), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ ...event.detail, data: {} })).toBe(false);
    }
  });
});

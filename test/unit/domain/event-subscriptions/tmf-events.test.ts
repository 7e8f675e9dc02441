import { describe, expect, it } from 'vitest';
import { eventTypesOf, hubEventPattern, tmfEventCatalog, tmfEventOf } from '../../../../domain/event-subscriptions/tmf-events.js';
import { tmfResourcePath } from '../../../../domain/shared/tmf-paths.js';
import { customerBillPath } from '../../../../domain/billing/customer-bill.js';
import { productOfferingPath } from '../../../../domain/catalog/product-offering.js';
import { billingAccountPath } from '../../../../domain/customers/billing-account.js';
import { customerPath } from '../../../../domain/customers/customer.js';
import { cancelProductOrderPath } from '../../../../domain/orders/cancel-product-order.js';
import { productOrderPath } from '../../../../domain/orders/product-order.js';
import { paymentPath, refundPath } from '../../../../domain/payments/payment.js';
import { productPath } from '../../../../domain/product-inventory/product.js';
import { troubleTicketPath } from '../../../../domain/support-cases/support-case.js';
import { eventCatalog } from '../../../../domain/events/event-catalog.js';
import { CustomerCreated } from '../../../../domain/events/customer-events.js';
import { OrderStateChanged } from '../../../../domain/events/order-events.js';
import { ProductOfferingCreated } from '../../../../domain/events/catalog-events.js';
import { SupportCaseOpened } from '../../../../domain/events/support-case-events.js';
import { tmfSpecifications } from '../../../../infra/api-reference/tmf-specifications.js';

const origin = { eventId: 'evt-1', occurredAt: '2026-02-01T08:00:00.000Z', correlationId: 'corr-1' };

/** The specification of each API the catalog names, by its file's prefix. */
const specificationOf: Record<string, string> = {
  customerManagement: 'TMF629',
  accountManagement: 'TMF666',
  productCatalogManagement: 'TMF620',
  productOrderingManagement: 'TMF622',
  productInventory: 'TMF637',
  customerBillManagement: 'TMF678',
  paymentManagement: 'TMF676',
  troubleTicket: 'TMF621',
};

describe('TMF events of the hubs', () => {
  it('are drawn from published domain events, each domain event at most once, named by the source and detail-type of the event they load', async () => {
    for (const type of tmfEventCatalog) {
      const loaded = await type.load();
      expect(eventCatalog).toContain(loaded);
      expect({ source: loaded.source, detailType: loaded.detailType }, type.eventType).toEqual({ source: type.source, detailType: type.detailType });
    }
    const from = tmfEventCatalog.map((type) => `${type.source}/${type.detailType}`);
    expect(new Set(from).size).toBe(from.length);
  });

  it('link to the resources at the paths their modules declare', () => {
    const declared = [customerBillPath, productOfferingPath, billingAccountPath, customerPath, cancelProductOrderPath, productOrderPath, paymentPath, refundPath, productPath, troubleTicketPath];
    for (const path of declared) {
      const [, api, resource] = /^\/tmf-api\/([^/]+)\/v4\/([^/]+)$/.exec(path)!;
      expect(tmfResourcePath(api!, resource!)).toBe(path);
    }
  });

  it("are named as the API's specification names its events (TMF678 v4.0.0 defines none, so ours follows the others' pattern)", () => {
    for (const type of tmfEventCatalog) {
      const file = Object.keys(tmfSpecifications).find((name) => name.startsWith(`${specificationOf[type.api]}-`));
      expect(file, type.api).toBeDefined();
      const definitions = Object.keys((tmfSpecifications[file!] as { definitions: Record<string, unknown> }).definitions);
      const events = definitions.filter((name) => name.endsWith('Event'));
      if (events.length > 0) expect(events, `${type.api} ${type.eventType}`).toContain(type.eventType);
      else expect(type.eventType).toMatch(/^[A-Z][A-Za-z]+(Create|StateChange|AttributeValueChange)Event$/);
    }
  });

  it('give an order state change as a ProductOrderStateChangeEvent: the reference, its new state and its customer', async () => {
    const changed = OrderStateChanged.create({ orderId: 'o-1', customerId: 'c-1', from: 'acknowledged', to: 'inProgress', reason: 'written for staff' }, origin);
    expect(await tmfEventOf(changed.source, changed.detailType, changed.detail)).toEqual({
      api: 'productOrderingManagement',
      customerId: 'c-1',
      body: {
        eventId: 'evt-1',
        eventTime: '2026-02-01T08:00:00.000Z',
        eventType: 'ProductOrderStateChangeEvent',
        event: {
          productOrder: {
            id: 'o-1',
            href: '/tmf-api/productOrderingManagement/v4/productOrder/o-1',
            '@type': 'ProductOrder',
            state: 'inProgress',
            relatedParty: [{ id: 'c-1', href: '/tmf-api/customerManagement/v4/customer/c-1', role: 'Customer', '@referredType': 'Customer' }],
          },
        },
      },
    });
  });

  it("leave out a customer's name and e-mail, and belong to the customer", async () => {
    const created = CustomerCreated.create({ customer: { id: 'c-1', href: '/x', name: 'Ada', status: 'Initialized', email: 'ada@example.com', preferences: {} } }, origin);
    const tmf = (await tmfEventOf(created.source, created.detailType, created.detail))!;
    expect(tmf.customerId).toBe('c-1');
    expect(JSON.stringify(tmf.body)).not.toMatch(/Ada|example\.com/);
  });

  it('show no status for a support case an agent has not acknowledged yet (submitted is no TMF621 status)', async () => {
    const opened = SupportCaseOpened.create(
      {
        supportCase: {
          id: 'sc-1', href: '/x', customerId: 'c-1', customerName: 'Ada', status: 'submitted', ticketType: 'billing', severity: 'minor',
          priority: 'medium', channel: 'portal', creationDate: '2026-02-01T08:00:00.000Z', relatedEntity: [],
        },
        openedBy: { role: 'customer', subject: 's' },
      },
      origin,
    );
    expect((await tmfEventOf(opened.source, opened.detailType, opened.detail))!.body.event.troubleTicket).not.toHaveProperty('status');
  });

  it('have no customer for catalog resources, and nothing for events without a TMF counterpart', async () => {
    const offering = ProductOfferingCreated.create(
      { productOffering: { id: 'po-1', href: '/x', name: 'M', lifecycleStatus: 'Launched', isBundle: false, isSellable: true, bundledProductOfferingIds: [], productOfferingPriceIds: [], categoryIds: [] } },
      origin,
    );
    expect(await tmfEventOf(offering.source, offering.detailType, offering.detail)).not.toHaveProperty('customerId');
    expect(await tmfEventOf('bss.billing', 'BillRunCompleted', { metadata: { ...origin, schemaVersion: '1.0' }, data: {} })).toBeUndefined();
  });

  it("list each API's event types once and match every mapped domain event with the rule's pattern", () => {
    expect(eventTypesOf('accountManagement')).toEqual(['BillingAccountStateChangeEvent', 'BillingAccountAttributeValueChangeEvent']);
    expect(eventTypesOf('usageManagement')).toEqual([]);
    const pattern = hubEventPattern();
    for (const type of tmfEventCatalog) {
      expect(pattern.source).toContain(type.source);
      expect(pattern['detail-type']).toContain(type.detailType);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { eventTypesOf, hubEventPattern, tmfEventCatalog, tmfEventOf } from '../../../../domain/event-subscriptions/tmf-events.js';
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
  it('are drawn from published domain events, each domain event at most once', () => {
    for (const type of tmfEventCatalog) expect(eventCatalog).toContain(type.from);
    const from = tmfEventCatalog.map((type) => `${type.from.source}/${type.from.detailType}`);
    expect(new Set(from).size).toBe(from.length);
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

  it('give an order state change as a ProductOrderStateChangeEvent: the reference, its new state and its customer', () => {
    const changed = OrderStateChanged.create({ orderId: 'o-1', customerId: 'c-1', from: 'acknowledged', to: 'inProgress', reason: 'written for staff' }, origin);
    expect(tmfEventOf(changed.source, changed.detailType, changed.detail)).toEqual({
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

  it("leave out a customer's name and e-mail, and belong to the customer", () => {
    const created = CustomerCreated.create({ customer: { id: 'c-1', href: '/x', name: 'Ada', status: 'Initialized', email: 'ada@example.com', preferences: {} } }, origin);
    const tmf = tmfEventOf(created.source, created.detailType, created.detail)!;
    expect(tmf.customerId).toBe('c-1');
    expect(JSON.stringify(tmf.body)).not.toMatch(/Ada|example\.com/);
  });

  it('show no status for a support case an agent has not acknowledged yet (submitted is no TMF621 status)', () => {
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
    expect(tmfEventOf(opened.source, opened.detailType, opened.detail)!.body.event.troubleTicket).not.toHaveProperty('status');
  });

  it('have no customer for catalog resources, and nothing for events without a TMF counterpart', () => {
    const offering = ProductOfferingCreated.create(
      { productOffering: { id: 'po-1', href: '/x', name: 'M', lifecycleStatus: 'Launched', isBundle: false, isSellable: true, bundledProductOfferingIds: [], productOfferingPriceIds: [], categoryIds: [] } },
      origin,
    );
    expect(tmfEventOf(offering.source, offering.detailType, offering.detail)).not.toHaveProperty('customerId');
    expect(tmfEventOf('bss.billing', 'BillRunCompleted', { metadata: { ...origin, schemaVersion: '1.0' }, data: {} })).toBeUndefined();
  });

  it("list each API's event types once and match every mapped domain event with the rule's pattern", () => {
    expect(eventTypesOf('accountManagement')).toEqual(['BillingAccountStateChangeEvent', 'BillingAccountAttributeValueChangeEvent']);
    expect(eventTypesOf('usageManagement')).toEqual([]);
    const pattern = hubEventPattern();
    for (const type of tmfEventCatalog) {
      expect(pattern.source).toContain(type.from.source);
      expect(pattern['detail-type']).toContain(type.from.detailType);
    }
  });
});

import ajvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { requestModelSchema } from '../../infra/aws/request-models.js';
import { routes } from '../../infra/topology.js';

/**
 * The request models API Gateway validates bodies with are derived from the handlers' zod
 * schemas. The gateway must never reject a body the handler would accept, and it should stop
 * structurally wrong bodies before any Lambda runs.
 */
const customer = { name: 'Ada', contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'ada@example.com' } }] };
const account = { name: 'Second account', relatedParty: [{ id: 'c-1', name: 'Ada', '@referredType': 'Customer' }], currency: 'EUR', billingCycleDay: 5 };

const usageRecord = {
  usageDate: '2026-03-01T10:00:00Z',
  usageType: 'data',
  usageCharacteristic: [
    { name: 'quantity', value: 1.5 },
    { name: 'unit', value: 'GB' },
    { name: 'recordId', value: 'cdr-1' },
    { name: 'productId', value: 'prod-1' },
  ],
};

const zoneTableVersion = { validFrom: '2027-01-01T00:00:00Z', destinationZones: [{ prefix: '+33', zone: 'national' }], roamingZones: [{ country: 'DE', zone: 'roam-eu' }] };

const samples: Record<string, { accepted: unknown[]; rejected: unknown[] }> = {
  'create-hub-subscription': {
    accepted: [{ callback: 'https://listener.example.com/events' }, { callback: 'https://listener.example.com/events', query: 'eventType=ProductOrderStateChangeEvent' }],
    rejected: [{}, { query: 'eventType=ProductOrderStateChangeEvent' }, { callback: 42 }, { callback: 'https://a.example/', query: 'x'.repeat(1001) }],
  },
  'replay-hub-dead-letter': {
    accepted: [{ deadLetter: { id: 'dl-1' } }],
    rejected: [{}, { deadLetter: {} }, { deadLetter: { id: 'dl-1', state: 'replayed' } }, { deadLetter: 'dl-1' }],
  },
  'create-usage': {
    accepted: [usageRecord, { ...usageRecord, description: 'Roaming session', '@type': 'Usage', usageCharacteristic: [...usageRecord.usageCharacteristic, { id: 'c-9', name: 'roaming', valueType: 'boolean', value: true }] }],
    rejected: [
      { usageType: 'data', usageCharacteristic: usageRecord.usageCharacteristic },
      { ...usageRecord, usageCharacteristic: [] },
      { ...usageRecord, status: 'rated' },
      { ...usageRecord, usageCharacteristic: [{ name: 'quantity' }] },
      { ...usageRecord, usageCharacteristic: [{ name: 'quantity', value: { amount: 1 } }] },
    ],
  },
  'ingest-usage-batch': {
    accepted: [{ usage: [usageRecord] }, { usage: [usageRecord, { ...usageRecord, description: 'second' }] }],
    rejected: [{}, { usage: [] }, { usage: [{ ...usageRecord, id: 'u-1' }] }, { usage: Array.from({ length: 501 }, () => usageRecord) }, { usage: usageRecord }],
  },
  'open-support-case': {
    accepted: [
      { description: 'My bill has the plan twice.', ticketType: 'complaint', severity: 'Major' },
      {
        name: 'Charged twice',
        description: 'My bill has the plan twice.',
        ticketType: 'incident',
        severity: 'Critical',
        relatedEntity: [{ id: 'bill-1', '@referredType': 'CustomerBill', role: 'disputed' }],
        relatedParty: [{ id: 'cust-1', '@referredType': 'Customer' }],
        note: [{ text: 'Since January.' }],
        '@type': 'TroubleTicket',
      },
    ],
    rejected: [
      { ticketType: 'complaint', severity: 'Major' },
      { description: 'x', ticketType: 'praise', severity: 'Major' },
      { description: 'x', ticketType: 'incident', severity: 'Major', relatedEntity: [{ id: 'o-1', '@referredType': 'ProductOrder' }] },
      { description: 'x', ticketType: 'incident', severity: 'Major', status: 'acknowledged' },
    ],
  },
  'update-support-case': {
    accepted: [{ status: 'acknowledged' }, { status: 'pending', statusChangeReason: 'Send a photo.', note: [{ text: 'Which line?' }] }, { expectedResolutionDate: null }],
    rejected: [{ status: 'submitted' }, { note: [] }, { note: [{ text: 'x', author: 'me' }] }, { creationDate: '2027-01-01T00:00:00Z' }],
  },
  'patch-usage': {
    accepted: [{ usageDate: '2026-03-02T10:00:00Z' }, { description: null }, { usageCharacteristic: usageRecord.usageCharacteristic }],
    rejected: [{ status: 'rated' }, { usageType: null }, { id: 'u-2' }, { usageCharacteristic: [] }],
  },
  'start-onboarding': {
    accepted: [
      { customer },
      {
        customer,
        billingAccount: { name: 'Ada home', currency: 'EUR', billingCycleDay: 5 },
        productOrder: { productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'mobile-m' }, productOrderItem: [{ id: '1.1', action: 'add', productOffering: { id: 'sim' } }] }] },
      },
    ],
    rejected: [
      { customer: { ...customer, name: 42 } },
      { billingAccount: { currency: 'EUR' } },
      { customer, billingAccount: { creditLimit: { unit: 'EUR', value: 1 } } },
      { customer, productOrder: { productOrderItem: [{ id: '1', action: 'delete', productOffering: { id: 'x' } }] } },
      { customer, productOrder: { productOrderItem: [{ id: '1', action: 'add' }] } },
    ],
  },
  'request-email-change': {
    accepted: [{ customer: { id: 'cust-1' }, emailAddress: 'new@example.com' }],
    rejected: [{ emailAddress: 'new@example.com' }, { customer: { id: 'cust-1' } }, { customer: {}, emailAddress: 'new@example.com' }],
  },
  'confirm-email-change': {
    accepted: [{ code: '123456' }],
    rejected: [{}, { code: 123456 }],
  },
  'replace-communication-preferences': {
    accepted: [{ preferences: [] }, { preferences: [{ kind: 'paymentReminder', email: false, sms: true }, { kind: 'billIssued', email: true, sms: false }] }],
    rejected: [{}, { preferences: [{ kind: 'newsletter', email: true, sms: true }] }, { preferences: [{ kind: 'billIssued', email: 'yes', sms: true }] }, { preferences: [], customerId: 'cust-2' }],
  },
  'create-customer': {
    accepted: [customer, { ...customer, characteristic: [{ name: 'timeZone', value: 'Europe/Paris' }], status: 'Initialized' }],
    rejected: [{ ...customer, id: 'mine' }, { ...customer, name: 42 }, { contactMedium: [] }, { ...customer, contactMedium: 'ada@example.com' }, []],
  },
  'patch-customer': {
    accepted: [{ status: 'Validated' }, { name: 'Ada L.' }, { contactMedium: customer.contactMedium }],
    rejected: [{ status: 'Sleeping' }, { href: '/elsewhere' }, { name: '' }],
  },
  'create-product-order': {
    accepted: [
      { billingAccount: { id: 'ba-1' }, productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'mobile-m' } }] },
      { relatedParty: [{ id: 'cust-1', '@referredType': 'Individual' }], productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'mobile-m' } }] },
      {
        billingAccount: { id: 'ba-1' },
        requestedStartDate: '2026-12-24T09:00:00Z',
        productOrderItem: [
          { id: '1', action: 'add', quantity: 1, productOffering: { id: 'handset' }, product: { productCharacteristic: [{ name: 'colour', value: 'Gold' }] } },
          { id: '2', action: 'delete', product: { id: 'prod-1' } },
        ],
      },
    ],
    rejected: [
      { billingAccount: { id: 'ba-1' }, productOrderItem: [] },
      { billingAccount: {}, productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'x' } }] },
      { relatedParty: [{ id: 'c1', role: '' }], productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'x' } }] },
      { billingAccount: { id: 'ba-1' }, productOrderItem: [{ id: '1', action: 'upgrade', productOffering: { id: 'x' } }] },
      { billingAccount: { id: 'ba-1' }, productOrderItem: [{ id: '1', action: 'add', productOffering: { id: 'x' }, itemPrice: [] }] },
    ],
  },
  'patch-product-order': {
    accepted: [{ description: 'deliver after 6 pm' }, { requestedStartDate: null, note: [{ text: 'call first' }] }],
    rejected: [{ state: 'completed' }, { productOrderItem: [] }, { note: [{ author: 'x' }] }],
  },
  'create-cancel-product-order': {
    accepted: [{ productOrder: { id: 'o-1' } }, { productOrder: { id: 'o-1' }, cancellationReason: 'changed my mind' }],
    rejected: [{}, { productOrder: {} }, { productOrder: { id: 'o-1' }, state: 'done' }],
  },
  'record-provisioning-result': {
    accepted: [{ outcome: 'succeeded' }, { outcome: 'succeeded', serviceId: 'SVC-1' }, { outcome: 'failed', reason: 'number +33612340000 is not available for porting' }],
    rejected: [{ outcome: 'done' }, { outcome: 'succeeded', extra: 1 }, { outcome: 'succeeded', serviceId: '' }],
  },
  'adjust-stock-level': {
    accepted: [{ quantity: 25, reason: 'delivery note 4711' }, { quantity: -1, reason: 'damaged' }],
    rejected: [{ quantity: 0, reason: 'x' }, { quantity: 1.5, reason: 'x' }, { reason: 'x' }, { quantity: 1, reason: '' }],
  },
  'create-billing-account': {
    accepted: [
      account,
      { ...account, defaultPaymentMethod: { id: 'pm-1' } },
      // The kit's sample: an organization's account.
      { name: 'Home Account', relatedParty: [{ '@referredType': 'Organization', id: '6838', name: 'Richard Cole' }] },
      { ...account, billStructure: { cycleSpecification: { id: 'monthly-day-5' }, format: { id: 'pdf' }, presentationMedia: [{ id: 'email' }] }, financialAccount: { id: 'fa-1' } },
    ],
    rejected: [{ ...account, billingCycleDay: 31 }, { ...account, relatedParty: [] }, { name: 'x' }, { ...account, balance: 10 }, { ...account, billStructure: { format: null } }],
  },
  'patch-customer-bill': {
    accepted: [{ state: 'onHold' }, { state: 'sent' }],
    rejected: [{ state: 'disputed' }, { state: 'onHold', amountDue: { unit: 'EUR', value: 0 } }, { remainingAmount: { unit: 'EUR', value: 0 } }],
  },
  'create-communication-message': {
    accepted: [
      { content: 'Your bill is on hold while we look into it.', messageType: 'email', receiver: [{ id: 'cust-1' }] },
      { content: 'Call us back', messageType: 'SMS', subject: 'Hello', receiver: [{ id: 'cust-1', name: 'Ada', email: 'ada@example.com', '@type': 'Receiver' }], sender: { name: 'Customer care' } },
    ],
    rejected: [
      { messageType: 'email', receiver: [{ id: 'cust-1' }] },
      { content: 'Hello', receiver: [{ id: 'cust-1' }] },
      { content: 'Hello', messageType: 'email' },
      { content: 'Hello', messageType: 'email', receiver: [] },
      { content: 'Hello', messageType: 'email', receiver: [{ id: 'cust-1' }, { id: 'cust-2' }] },
      { content: 'Hello', messageType: 'email', receiver: [{ id: 'cust-1' }], state: 'completed' },
    ],
  },
  'patch-billing-account': {
    accepted: [{ state: 'Suspended' }, { billingCycleDay: 28, timeZone: 'UTC' }, { billStructure: { format: null, presentationMedia: [{ id: 'sms' }] }, financialAccount: null }],
    rejected: [{ state: 'Gone' }, { currency: 'USD' }, { billingCycleDay: 1.5 }, { billStructure: { cycleSpecification: {} } }, { billStructure: { style: 'x' } }],
  },
  // The TMF666 records beside billing accounts (domain/accounts/).
  'create-billing-cycle-specification': {
    accepted: [{ name: 'Monthly billing' }, { name: 'Mid-month', frequency: 'monthly', billingPeriod: 'P1M', billingDateShift: 14, paymentDueDateOffset: 30, validFor: { startDateTime: '2027-01-01T00:00:00Z' } }],
    rejected: [{}, { name: 'x', frequency: 'weekly' }, { name: 'x', billingDateShift: 28 }, { name: 'x', mailingDateOffset: 1 }],
  },
  'patch-billing-cycle-specification': { accepted: [{ name: 'Renamed' }, { description: null }], rejected: [{ billingDateShift: 3 }] },
  'create-bill-format': { accepted: [{ name: 'Detailed invoice' }, { name: 'Web', documentType: 'html', description: 'd' }], rejected: [{}, { name: 'x', documentType: 'docx' }] },
  'patch-bill-format': { accepted: [{ name: 'Renamed' }], rejected: [{ documentType: 'html' }] },
  'create-bill-presentation-media': { accepted: [{ name: 'Texts', channel: 'sms' }], rejected: [{ channel: 'sms' }, { name: 'x', channel: 'fax' }] },
  'patch-bill-presentation-media': { accepted: [{ description: 'd' }], rejected: [{ channel: 'email' }] },
  'create-financial-account': {
    accepted: [{ name: 'Administration account' }, { name: 'Group', relatedParty: [{ id: 'org-1', name: 'Acme', '@referredType': 'Organization' }], creditLimit: { unit: 'EUR', value: 100 } }],
    rejected: [{}, { name: 'x', state: 'Closed' }, { name: 'x', accountBalance: [] }],
  },
  'patch-financial-account': { accepted: [{ state: 'Suspended' }, { relatedParty: [] }], rejected: [{ state: 'Gone' }] },
  'create-party-account': {
    accepted: [{ name: 'Travel account', relatedParty: [{ id: 'org-1', name: 'Acme', '@referredType': 'Organization' }], financialAccount: { id: 'fa-1' } }],
    rejected: [{ name: 'x' }, { name: 'x', relatedParty: [] }, { name: 'x', relatedParty: [{ id: 'o', name: 'O', '@referredType': 'Organization' }], paymentStatus: 'due' }],
  },
  'patch-party-account': { accepted: [{ financialAccount: null }, { state: 'Closed' }], rejected: [{ relatedParty: [] }] },
  'create-settlement-account': {
    accepted: [{ name: 'Per Usage Account', relatedParty: [{ id: 'org-1', name: 'Jimmy Doe', '@referredType': 'Organization' }] }],
    rejected: [{ name: 'x', relatedParty: 'org-1' }],
  },
  'patch-settlement-account': { accepted: [{ creditLimit: null }], rejected: [{ creditLimit: { unit: 'EUR' } }] },
  'quote-prices': {
    accepted: [
      { billingAccount: { id: 'ba-1' }, item: [{ id: '1', productOffering: { id: 'mobile-m' } }] },
      {
        currency: 'EUR',
        taxLocation: { country: 'FR' },
        at: '2026-12-01T00:00:00Z',
        item: [{ id: '1', productOffering: { id: 'home-mobile' }, quantity: 2, usage: [{ quantity: 12.5, units: 'GB' }], billingPeriod: 4 }],
      },
    ],
    rejected: [
      { billingAccount: { id: 'ba-1' }, item: [] },
      { billingAccount: { id: 'ba-1' }, item: [{ id: '1', productOffering: { id: 'o' }, quantity: 'two' }] },
      { billingAccount: { id: 'ba-1' }, item: [{ id: '1', productOffering: {} }] },
    ],
  },
  'create-catalog': {
    accepted: [
      { name: 'Consumer' },
      { name: 'Consumer', catalogType: 'ProductCatalog', lifecycleStatus: 'Launched', category: [{ id: 'cat-1', name: 'Mobile' }], validFor: { startDateTime: '2026-01-01T00:00:00Z' } },
    ],
    rejected: [{ name: 'Consumer', id: 'mine' }, { name: 'Consumer', lifecycleStatus: 'Retired' }, { description: 'no name' }, { name: 'Consumer', category: [{ name: 'no id' }] }],
  },
  'patch-catalog': {
    accepted: [{ lifecycleStatus: 'Retired' }, { description: null }, { category: [{ id: 'cat-1' }] }],
    rejected: [{ lifecycleStatus: 'Sleeping' }, { lastUpdate: '2026-01-01T00:00:00Z' }, { name: null }],
  },
  'create-category': {
    accepted: [{ name: 'Mobile' }, { name: 'SIM cards', parentId: 'cat-1', isRoot: false, productOffering: [{ id: 'po-1' }] }],
    rejected: [{ name: 'Mobile', href: '/x' }, { name: 'Mobile', isRoot: 'yes' }, { name: 'Mobile', subCategory: [{}] }],
  },
  'patch-category': {
    accepted: [{ parentId: null }, { parentId: 'cat-1', isRoot: false }, { lifecycleStatus: 'Launched' }],
    rejected: [{ isRoot: null }, { id: 'cat-9' }, { lifecycleStatus: 'Gone' }],
  },
  'create-product-specification': {
    accepted: [
      { name: 'Mobile plan' },
      {
        name: 'Mobile plan',
        brand: 'BSS Telecom',
        productSpecCharacteristic: [{ name: 'dataAllowance', valueType: 'number', minCardinality: 1, maxCardinality: 1, productSpecCharacteristicValue: [{ value: 5, isDefault: true }] }],
      },
      { name: 'Home and mobile', isBundle: true, bundledProductSpecification: [{ id: 'ps-1' }] },
    ],
    rejected: [
      { name: 'Mobile plan', productSpecCharacteristic: [{ name: 'x', valueType: 'colour' }] },
      { name: 'Mobile plan', serviceSpecification: [] },
      { name: 'Mobile plan', isBundle: 'no' },
    ],
  },
  'patch-product-specification': {
    accepted: [{ bundledProductSpecification: null }, { productSpecCharacteristic: [{ name: 'colour', valueType: 'string' }] }, { lifecycleStatus: 'Retired' }],
    rejected: [{ productSpecCharacteristic: [{ valueType: 'string' }] }, { createdAt: '2026-01-01T00:00:00Z' }, { lifecycleStatus: 'Draft' }],
  },
  'create-product-offering': {
    accepted: [
      { name: 'Mobile M' },
      {
        name: 'Home + Mobile',
        lifecycleStatus: 'Launched',
        bundledProductOffering: [{ id: 'po-home' }, { id: 'po-mobile', bundledProductOfferingOption: { numberRelOfferLowerLimit: 1, numberRelOfferUpperLimit: 4, numberRelOfferDefault: 1 } }],
        productOfferingTerm: [{ name: '12 months', duration: { amount: 12, units: 'month' } }],
        category: [{ id: 'cat-1' }],
      },
    ],
    rejected: [
      { name: 'Mobile M', isSellable: 'yes' },
      { name: 'Mobile M', productOfferingTerm: [{ duration: { amount: 0, units: 'month' } }] },
      { name: 'Mobile M', bundledProductOffering: [{ bundledProductOfferingOption: {} }] },
      { description: 'no name' },
    ],
  },
  'patch-product-offering': {
    accepted: [{ lifecycleStatus: 'Retired' }, { description: null, category: [{ id: 'cat-2' }] }, { productOfferingPrice: [{ id: 'pop-1' }] }],
    rejected: [{ name: null }, { isBundle: null }, { lifecycleStatus: 'Gone' }, { href: '/elsewhere' }],
  },
  'create-product-offering-price': {
    accepted: [
      { name: 'Monthly fee', priceType: 'recurring', price: { unit: 'EUR', value: 20 }, recurringChargePeriodType: 'month' },
      {
        name: 'Data overage',
        priceType: 'usage',
        unitOfMeasure: { amount: 1, units: 'GB' },
        chargeModel: 'graduated',
        includedQuantity: 5,
        priceTier: [
          { fromQuantity: 0, toQuantity: 10, price: { unit: 'EUR', value: 2 } },
          { fromQuantity: 10, price: { unit: 'EUR', value: 1 } },
        ],
        validFor: { startDateTime: '2026-01-01T00:00:00Z' },
      },
    ],
    rejected: [
      { name: 'Monthly fee', priceType: 'subscription' },
      { name: 'Monthly fee', priceType: 'recurring', price: { unit: 'EUR', value: -1 } },
      { name: 'Discount', priceType: 'discount', percentage: 150 },
      { name: 'Bundle', priceType: 'oneTime', isBundle: true },
      { priceType: 'oneTime' },
    ],
  },
  'create-test-clock': {
    accepted: [{ frozenTime: '2027-01-15T10:00:00+01:00' }, { name: 'Paris customers', frozenTime: '2027-01-15T09:00:00Z' }],
    rejected: [{}, { frozenTime: 12 }, { name: 'x' }],
  },
  'advance-test-clock': {
    accepted: [{ frozenTime: '2027-04-01T00:00:00Z' }],
    rejected: [{}, { frozenTime: null }, { frozenTime: '2027-04-01T00:00:00Z', status: 'ready' }],
  },
  'start-bill-run': {
    accepted: [{}, { asOf: '2027-02-01T00:00:00Z' }],
    rejected: [{ asOf: 7 }, { testClock: { id: 'c' } }],
  },
  'create-customer-bill-on-demand': {
    accepted: [{ billingAccount: { id: 'ba-1' } }, { billingAccount: { id: 'ba-1', name: 'Ada' }, name: 'Closing', description: 'customer leaves' }],
    rejected: [{}, { billingAccount: {} }, { billingAccount: { id: 'ba-1' }, state: 'done' }],
  },
  'preview-product-change': {
    accepted: [
      { product: { id: 'prod-1' }, action: 'modify', productOffering: { id: 'mobile-l' } },
      { product: { id: 'prod-1', href: '/tmf-api/productInventory/v4/product/prod-1', name: 'Mobile M', '@referredType': 'Product' }, action: 'delete' },
    ],
    rejected: [{}, { product: { id: 'prod-1' }, action: 'add' }, { product: {}, action: 'delete' }, { product: { id: 'prod-1' }, action: 'delete', requestedStartDate: '2027-03-01T00:00:00Z' }],
  },
  'create-payment': {
    accepted: [
      { account: { id: 'ba-1' }, totalAmount: { unit: 'EUR', value: 40 }, paymentMethod: { id: 'TRF-1', name: 'bankTransfer' } },
      { account: { id: 'ba-1' }, totalAmount: { unit: 'EUR', value: 10 }, paymentMethod: { id: 'pm_card_visa', name: 'card' }, paymentItem: [{ item: { id: 'bill-1' }, totalAmount: { unit: 'EUR', value: 10 } }], description: 'by phone' },
    ],
    rejected: [
      { totalAmount: { unit: 'EUR', value: 40 }, paymentMethod: { id: 'TRF-1', name: 'bankTransfer' } },
      { account: { id: 'ba-1' }, totalAmount: { unit: 'EUR', value: 40 }, paymentMethod: { id: 'TRF-1', name: 'cheque' } },
      { account: { id: 'ba-1' }, totalAmount: { unit: 'EUR', value: 40 }, paymentMethod: { id: 'TRF-1', name: 'cash' }, paymentItem: [] },
      { account: { id: 'ba-1' }, totalAmount: { unit: 'EUR', value: 40 }, paymentMethod: { id: 'TRF-1', name: 'cash' }, status: 'captured' },
    ],
  },
  'create-refund': {
    accepted: [
      { payment: { id: 'pay-1' }, totalAmount: { unit: 'EUR', value: 10 }, description: 'overpaid in cash' },
      { payment: { id: 'pay-1', href: '/tmf-api/paymentManagement/v4/payment/pay-1', '@referredType': 'Payment' }, totalAmount: { unit: 'EUR', value: 5.5 }, description: 'goodwill', '@type': 'Refund' },
    ],
    rejected: [
      { totalAmount: { unit: 'EUR', value: 10 }, description: 'no payment' },
      { payment: { id: 'pay-1' }, totalAmount: { unit: 'EUR', value: 10 } },
      { payment: { id: 'pay-1' }, totalAmount: { unit: 'EUR', value: 10 }, description: '' },
      { payment: { id: 'pay-1' }, totalAmount: { unit: 'EUR', value: 10 }, description: 'x', status: 'done' },
    ],
  },
  'create-credit-note': {
    accepted: [
      { bill: { id: 'bill-1' }, reason: 'service outage', whole: true },
      { bill: { id: 'bill-1', href: '/tmf-api/customerBillManagement/v4/customerBill/bill-1', '@referredType': 'CustomerBill' }, reason: 'wrong rate', lines: [{ id: 'bill-1-0001' }, { id: 'bill-1-0002', amount: { unit: 'EUR', value: 2.5 } }], '@type': 'CreditNote' },
      { bill: { id: 'bill-1' }, reason: 'goodwill on a bill', amount: { unit: 'EUR', value: 10 } },
    ],
    rejected: [
      { reason: 'no bill', whole: true },
      { bill: { id: 'bill-1' }, whole: true },
      { bill: { id: 'bill-1' }, reason: 'x', whole: false },
      { bill: { id: 'bill-1' }, reason: 'x', lines: [] },
      { bill: { id: 'bill-1' }, reason: 'x', whole: true, state: 'issued' },
    ],
  },
  'create-goodwill-credit': {
    accepted: [
      { billingAccount: { id: 'ba-1' }, amount: { unit: 'EUR', value: 10 }, reason: 'two days without service' },
      { billingAccount: { id: 'ba-1', href: '/tmf-api/accountManagement/v4/billingAccount/ba-1', '@referredType': 'BillingAccount' }, amount: { unit: 'EUR', value: 2.5 }, reason: 'sorry', '@type': 'GoodwillCredit' },
    ],
    rejected: [
      { amount: { unit: 'EUR', value: 10 }, reason: 'no account' },
      { billingAccount: { id: 'ba-1' }, amount: { unit: 'EUR', value: 10 } },
      { billingAccount: { id: 'ba-1' }, amount: { unit: 'EUR', value: 10 }, reason: '' },
      { billingAccount: { id: 'ba-1' }, reason: 'no amount' },
      { billingAccount: { id: 'ba-1' }, amount: { unit: 'EUR', value: 10 }, reason: 'x', date: '2027-01-01T00:00:00Z' },
    ],
  },
  'pause-account-dunning': {
    accepted: [{ until: '2027-03-20T00:00:00Z', reason: 'customer promised to pay on the 20th' }, { until: '2027-03-20T01:00:00+01:00', reason: 'x' }],
    rejected: [{ reason: 'no end' }, { until: '2027-03-20T00:00:00Z' }, { until: '2027-03-20T00:00:00Z', reason: '' }, { until: '2027-03-20T00:00:00Z', reason: 'x'.repeat(501) }, { until: '2027-03-20T00:00:00Z', reason: 'x', status: 'paused' }],
  },
  'resume-account-dunning': {
    accepted: [{ reason: 'paid at the counter' }],
    rejected: [{}, { reason: '' }, { reason: 'x', until: '2027-03-20T00:00:00Z' }],
  },
  'stop-account-dunning': {
    accepted: [{ reason: 'handed to the debt collection agency' }],
    rejected: [{}, { reason: '' }, { reason: 'x', writeOff: true }],
  },
  'restore-account-service': {
    accepted: [{ reason: 'promised to pay by the 20th', until: '2027-03-20T00:00:00Z' }],
    rejected: [{ reason: 'no date' }, { until: '2027-03-20T00:00:00Z' }, { reason: '', until: '2027-03-20T00:00:00Z' }, { reason: 'x', until: '2027-03-20T00:00:00Z', productIds: [] }],
  },
  'create-zone-table': {
    accepted: [
      { name: 'Zones', versions: [zoneTableVersion] },
      { id: 'demo-zones', name: 'Zones', description: 'Demo', versions: [zoneTableVersion, { ...zoneTableVersion, validFrom: '2027-01-01T00:00:00Z', validTo: '2028-01-01T00:00:00Z' }], '@type': 'ZoneTable' },
    ],
    rejected: [
      { name: 'Zones' },
      { name: 'Zones', versions: [{ ...zoneTableVersion, destinationZones: [{ prefix: '+33', zone: 'national', price: 1 }] }] },
      { name: 'Zones', versions: [{ ...zoneTableVersion, destinationZones: [{ prefix: '+3312345678901234567', zone: 'too-long' }] }] },
      { name: 'Zones', versions: Array.from({ length: 101 }, () => zoneTableVersion) },
      { name: 'Zones', versions: [{ ...zoneTableVersion, roamingZones: Array.from({ length: 1_001 }, () => ({ country: 'DE', zone: 'eu' })) }] },
    ],
  },
  'publish-zone-table-version': {
    accepted: [zoneTableVersion, { ...zoneTableVersion, validTo: '2028-01-01T00:00:00Z', roamingZones: [{ network: '228-01', zone: 'roam-eu' }] }],
    rejected: [{ validFrom: '2027-01-01T00:00:00Z' }, { ...zoneTableVersion, versions: [] }, { ...zoneTableVersion, destinationZones: [{ prefix: 33, zone: 'national' }] }],
  },
  'patch-product-offering-price': {
    accepted: [{ lifecycleStatus: 'Launched' }, { validFor: { startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' } }, { description: null }],
    rejected: [{ priceType: null }, { lifecycleStatus: 'Sleeping' }, { price: { unit: 'EUR' } }, { id: 'pop-9' }],
  },
};

/** Where `pattern` or `format` is a keyword of the model: not an attribute of that name (TMF666 billStructure has `format`). */
function dialectKeywords(node: unknown, path = '$'): string[] {
  if (Array.isArray(node)) return node.flatMap((each, index) => dialectKeywords(each, `${path}[${index}]`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'properties' && value !== null && typeof value === 'object'
      ? Object.entries(value).flatMap(([attribute, schema]) => dialectKeywords(schema, `${path}.properties.${attribute}`))
      : [...(key === 'pattern' || key === 'format' ? [`${path}.${key}`] : []), ...dialectKeywords(value, `${path}.${key}`)],
  );
}

describe('API Gateway request models from the zod schemas', () => {
  // API Gateway models are draft 4 (exclusiveMinimum is a boolean there), so validate with a draft-4 Ajv.
  const ajv = new ajvDraft04.default({ strict: false, allErrors: true });
  const withBodies = routes.filter((route) => route.requestBody);
  // A function serving several routes (every TMF API's hub) has one schema, sampled once.
  const bodyFunctions = withBodies.filter((route, index) => withBodies.findIndex((other) => other.function === route.function) === index);

  it('every POST, PUT and PATCH route has a body schema', () => {
    expect(routes.filter((route) => route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH').map((route) => route.function).sort()).toEqual(
      withBodies.map((route) => route.function).sort(),
    );
    expect(Object.keys(samples).sort()).toEqual(bodyFunctions.map((route) => route.function).sort());
  });

  it('leaves value rules such as patterns to the handler', () => {
    const route = withBodies.find((candidate) => candidate.function === 'create-customer')!;
    const { $schema: _, ...model } = requestModelSchema(route.requestBody!) as Record<string, unknown>;
    const badEmail = { ...customer, contactMedium: [{ mediumType: 'email', characteristic: { emailAddress: 'not-an-email' } }] };
    expect(ajv.validate(model, badEmail)).toBe(true);
    expect(route.requestBody!.safeParse(badEmail).success).toBe(false);
  });

  describe.each(bodyFunctions.map((route) => [route.function, route] as const))('%s', (name, route) => {
    const { $schema, ...model } = requestModelSchema(route.requestBody!) as Record<string, unknown>;
    const validate = ajv.compile(model);

    it('is JSON Schema draft 4 without patterns or formats', () => {
      expect($schema).toBe('http://json-schema.org/draft-04/schema#');
      expect(dialectKeywords(model)).toEqual([]);
    });

    it.each(samples[name]!.accepted.map((body) => [JSON.stringify(body), body]))('lets %s through, as the handler does', (_, body) => {
      expect(route.requestBody!.safeParse(body).success).toBe(true);
      expect(validate(body)).toBe(true);
    });

    it.each(samples[name]!.rejected.map((body) => [JSON.stringify(body), body]))('stops %s at the gateway, as the handler would', (_, body) => {
      expect(route.requestBody!.safeParse(body).success).toBe(false);
      expect(validate(body)).toBe(false);
    });

    it('rejects unknown attributes and wrong types at the gateway', () => {
      expect(validate({ ...(samples[name]!.accepted[0] as object), unknownAttribute: true })).toBe(false);
      expect(validate('a string body')).toBe(false);
    });
  });
});

import { billingAccountCreateSchema, billingAccountPatchSchema } from '../../domain/customers/billing-account.js';
import { customerCreateSchema, customerPatchSchema } from '../../domain/customers/customer.js';
import { customerSearchPath } from '../../domain/customers/customer-search.js';
import { customerTimelineExample, customerTimelinePath, customerTimelineSchema, defaultTimelineLimit, maxTimelineLimit } from '../../domain/customers/customer-timeline.js';
import { timelineEventPattern } from '../../domain/customers/customer-timeline-events.js';
import { billingAccountCreateAccess, billingAccountPatchAccess } from '../../domain/customers/billing-account-write-access.js';
import { customerCreateAccess, customerPatchAccess, emailChangeAccess } from '../../domain/customers/customer-write-access.js';
import { emailChangeConfirmationSchema, emailChangePath, emailChangeRequestSchema } from '../../domain/customers/email-change.js';
import { customerDataExportExample } from '../../domain/customers/customer-data-export-example.js';
import { customerDataExportPath, customerDataExportSchema } from '../../domain/customers/customer-data-export.js';
import {
  communicationPreferencesAccess,
  communicationPreferencesExample,
  communicationPreferencesPath,
  communicationPreferencesSchema,
  communicationPreferencesUpdateSchema,
} from '../../domain/communication/communication-preferences.js';
import { recordCommunicationMessages } from './communication.js';
import { idempotencyRecords, queryIndexes, readTable, type BoundedContext } from './shared.js';

const customerManagement = '/tmf-api/customerManagement/v4';
/** The preferences' version (W/"0" while the customer never chose): the If-Match of the PUT. */
const preferencesVersion = { description: 'The preferences\' version, W/"<version>" (W/"0" while the customer never chose): send it as If-Match to replace them', example: 'W/"1"' };
const accountManagement = '/tmf-api/accountManagement/v4';

/**
 * Customers (TMF629) and their billing accounts (TMF666), with the default billing account
 * every new customer gets from its CustomerCreated event, the agents' customer search over
 * an index kept from the customer and bill events, and each customer's timeline kept from the
 * domain events about it.
 */
export const customers: BoundedContext = {
  name: 'customers',
  functions: [
    {
      name: 'create-customer',
      entry: 'functions/customers/create-customer.ts',
      description: 'TMF629 POST /customer: registers a customer, reserves its email, emits CustomerCreated',
      permissions: [{ resource: 'table', actions: idempotencyRecords, keys: ['CUSTOMER#*', 'CUSTOMER_EMAIL#*', 'IDEMPOTENCY#*', 'OUTBOX#*'] }],
    },
    {
      name: 'get-customer',
      entry: 'functions/customers/get-customer.ts',
      description: 'TMF629 GET /customer/{id}',
      permissions: [readTable],
    },
    {
      name: 'list-customers',
      entry: 'functions/customers/list-customers.ts',
      description: 'TMF629 GET /customer with fields, paging and attribute filters',
      permissions: [readTable, queryIndexes],
    },
    {
      name: 'patch-customer',
      entry: 'functions/customers/patch-customer.ts',
      description: "TMF629 PATCH /customer/{id}: merge patch with If-Match, lifecycle and email changes; a card that is an open account's default stays (409)",
      // Query: the customer's accounts whose default is a card being removed (gsi2).
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], keys: ['CUSTOMER#*', 'CUSTOMER_EMAIL#*', 'OUTBOX#*'] }, queryIndexes],
    },
    {
      name: 'delete-customer',
      entry: 'functions/customers/delete-customer.ts',
      description: 'TMF629 DELETE /customer/{id}: closes the customer and erases its personal data (GDPR erasure), its billing accounts closed; 409 while it has active products, open orders or open balances',
      // Query (gsi2): the customer's products, orders, billing accounts and bills; one transaction writes the customer, its e-mail guard, preferences, accounts, outbox and audit entry.
      permissions: [
        readTable,
        { resource: 'table', actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'], keys: ['CUSTOMER#*', 'CUSTOMER_EMAIL#*', 'BILLING_ACCOUNT#*', 'OUTBOX#*'] },
        queryIndexes,
      ],
    },
    {
      name: 'request-email-change',
      entry: 'functions/customers/request-email-change.ts',
      description: 'POST /customer/v1/emailChange: sends the new address a code (or a notice when taken), answers the same either way',
      permissions: [readTable, { resource: 'table', actions: ['dynamodb:PutItem'], keys: ['CUSTOMER#*', 'CUSTOMER_EMAIL#*', 'EMAIL_CHANGE#*', 'OUTBOX#*'] }, recordCommunicationMessages],
    },
    {
      name: 'confirm-email-change',
      entry: 'functions/customers/confirm-email-change.ts',
      description: 'POST /customer/v1/emailChange/{id}/confirmation: the code applies the e-mail change, moving the e-mail guard',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], keys: ['CUSTOMER#*', 'CUSTOMER_EMAIL#*', 'EMAIL_CHANGE#*', 'OUTBOX#*'] }],
    },
    {
      name: 'create-billing-account',
      entry: 'functions/billing-accounts/create-billing-account.ts',
      description: "TMF666 POST /billingAccount: opens an additional billing account for a customer or an organization, counting the records its billStructure and financialAccount name",
      // BatchGetItem: the account management records it names; their reference counts go in its transaction.
      permissions: [{ resource: 'table', actions: [...idempotencyRecords, 'dynamodb:ConditionCheckItem', 'dynamodb:BatchGetItem'], keys: ['ACCOUNT_RECORD#*', 'BILLING_ACCOUNT#*', 'CUSTOMER#*', 'IDEMPOTENCY#*', 'OUTBOX#*'] }],
    },
    {
      name: 'get-billing-account',
      entry: 'functions/billing-accounts/get-billing-account.ts',
      description: 'TMF666 GET /billingAccount/{id}',
      permissions: [readTable],
    },
    {
      name: 'list-billing-accounts',
      entry: 'functions/billing-accounts/list-billing-accounts.ts',
      description: 'TMF666 GET /billingAccount with fields, paging and filters such as relatedParty.id',
      permissions: [readTable, queryIndexes],
    },
    {
      name: 'patch-billing-account',
      entry: 'functions/billing-accounts/patch-billing-account.ts',
      description: "TMF666 PATCH /billingAccount/{id}: merge patch with If-Match and lifecycle, moving the reference counts of the records it names; a customer sets its own account's default card among its cards",
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], keys: ['ACCOUNT_RECORD#*', 'BILLING_ACCOUNT#*', 'CUSTOMER#*', 'OUTBOX#*'] }],
    },
    {
      name: 'search-customers',
      entry: 'functions/customers/search-customers.ts',
      description: 'GET /customers/v1/customerSearch: staff find customers by name, e-mail, phone number, billing account, bill number or order id',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] }],
    },
    {
      name: 'index-customer-search',
      entry: 'functions/customers/index-customer-search.ts',
      description: "Keeps the customer search's index: a created or changed customer's name words and phone numbers (none once erased), an issued bill's number",
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], keys: ['CUSTOMER#*', 'CUSTOMER_SEARCH#*'] }],
    },
    {
      name: 'get-customer-timeline',
      entry: 'functions/customers/get-customer-timeline.ts',
      description: "GET /customers/v1/customer/{id}/timeline: staff read what happened to a customer, newest first, one line per domain event",
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:Query'] }],
    },
    {
      name: 'index-customer-timeline',
      entry: 'functions/customers/index-customer-timeline.ts',
      description: "Keeps the customers' timelines: one entry per domain event about a customer, once, at the event's instant; an erased customer's earlier entries removed",
      // Query and BatchWriteItem (deletes): an erased customer's earlier entries, in its own partition.
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem', 'dynamodb:DeleteItem'], keys: ['CUSTOMER#*'] }],
    },
    {
      name: 'get-communication-preferences',
      entry: 'functions/customers/get-communication-preferences.ts',
      description: 'GET /customers/v1/customer/{id}/communicationPreferences: per kind of message, whether the customer accepts it by e-mail and by SMS, and whether it is mandatory',
      permissions: [readTable],
    },
    {
      name: 'replace-communication-preferences',
      entry: 'functions/customers/replace-communication-preferences.ts',
      description: 'PUT /customers/v1/customer/{id}/communicationPreferences: replaces the choices whole (If-Match), never turning a mandatory kind off, emits CommunicationPreferencesChanged',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], keys: ['CUSTOMER#*', 'OUTBOX#*'] }],
    },
    {
      name: 'export-customer-data',
      entry: 'functions/customers/export-customer-data.ts',
      description: 'GET /customers/v1/customer/{id}/dataExport: everything held about the customer as one JSON file to download (GDPR access and portability)',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:Query'] }, queryIndexes],
      timeoutSeconds: 20,
    },
    {
      name: 'open-default-billing-account',
      entry: 'functions/billing-accounts/open-default-billing-account.ts',
      description: 'On CustomerCreated: opens the customer default billing account once, emits BillingAccountCreated',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], keys: ['BILLING_ACCOUNT#*', 'CUSTOMER#*', 'OUTBOX#*'] }],
    },
  ],
  routes: [
    { method: 'POST', path: `${customerManagement}/customer`, function: 'create-customer', authorized: true, requestBody: customerCreateSchema, writeAccess: customerCreateAccess },
    { method: 'GET', path: `${customerManagement}/customer`, function: 'list-customers', authorized: true },
    { method: 'GET', path: `${customerManagement}/customer/{id}`, function: 'get-customer', authorized: true },
    { method: 'PATCH', path: `${customerManagement}/customer/{id}`, function: 'patch-customer', authorized: true, requestBody: customerPatchSchema, writeAccess: customerPatchAccess },
    // If-Match honoured (412 when stale): a DELETE asked of the customer as read.
    { method: 'DELETE', path: `${customerManagement}/customer/{id}`, function: 'delete-customer', authorized: true, ifMatch: true },
    { method: 'POST', path: emailChangePath, function: 'request-email-change', authorized: true, requestBody: emailChangeRequestSchema, writeAccess: emailChangeAccess },
    {
      method: 'POST',
      path: `${emailChangePath}/{id}/confirmation`,
      function: 'confirm-email-change',
      authorized: true,
      requestBody: emailChangeConfirmationSchema,
      writeAccess: emailChangeAccess,
    },
    { method: 'GET', path: customerSearchPath, function: 'search-customers', authorized: true },
    {
      method: 'GET',
      path: communicationPreferencesPath('{id}'),
      function: 'get-communication-preferences',
      authorized: true,
      response: {
        schema: communicationPreferencesSchema,
        example: communicationPreferencesExample,
        description: "The customer's communication preferences: one entry per kind of message, e-mail and SMS accepted or not, mandatory kinds marked",
        headers: { ETag: preferencesVersion },
      },
    },
    {
      method: 'PUT',
      path: communicationPreferencesPath('{id}'),
      function: 'replace-communication-preferences',
      authorized: true,
      requestBody: communicationPreferencesUpdateSchema,
      writeAccess: communicationPreferencesAccess,
      response: {
        schema: communicationPreferencesSchema,
        example: communicationPreferencesExample,
        description: 'The preferences as now saved',
        headers: { ETag: preferencesVersion },
      },
    },
    {
      method: 'GET',
      path: customerDataExportPath('{id}'),
      function: 'export-customer-data',
      authorized: true,
      response: {
        schema: customerDataExportSchema,
        example: customerDataExportExample,
        description: 'Everything held about the customer, one JSON document served as a file to download',
        headers: {
          'Content-Disposition': { description: 'The file the document is offered as: customer-<id>.json', example: 'attachment; filename="customer-6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b.json"' },
          'Cache-Control': { description: 'Personal data: never kept by a cache', example: 'no-store' },
        },
      },
    },
    {
      method: 'GET',
      path: customerTimelinePath,
      function: 'get-customer-timeline',
      authorized: true,
      queryParameters: [
        { name: 'limit', description: `How many entries, 1 to ${maxTimelineLimit} (default ${defaultTimelineLimit}).`, required: false, example: '20' },
        { name: 'before', description: 'Entries strictly before this ISO 8601 instant, or the `next` of the previous page.', required: false, example: '2027-02-01T00:00:00Z' },
      ],
      response: {
        schema: customerTimelineSchema,
        example: customerTimelineExample,
        description: 'The customer\'s timeline, newest first: one entry per domain event about it, with a line saying what happened and the resource to open; `next` when older entries follow',
        headers: { 'X-Result-Count': { description: 'How many entries this page has', example: '2' } },
      },
    },
    { method: 'POST', path: `${accountManagement}/billingAccount`, function: 'create-billing-account', authorized: true, requestBody: billingAccountCreateSchema, writeAccess: billingAccountCreateAccess },
    { method: 'GET', path: `${accountManagement}/billingAccount`, function: 'list-billing-accounts', authorized: true },
    { method: 'GET', path: `${accountManagement}/billingAccount/{id}`, function: 'get-billing-account', authorized: true },
    {
      method: 'PATCH',
      path: `${accountManagement}/billingAccount/{id}`,
      function: 'patch-billing-account',
      authorized: true,
      requestBody: billingAccountPatchSchema,
      writeAccess: billingAccountPatchAccess,
    },
  ],
  stateMachines: [
    {
      name: 'open-default-billing-account',
      definitionFile: 'state-machines/open-default-billing-account.asl.json',
      invokes: ['open-default-billing-account'],
    },
  ],
  eventRules: [
    {
      name: 'customer-created-opens-default-billing-account',
      description: 'Every new customer gets its default billing account, except one under credit check in an onboarding, which gets it once approved',
      pattern: { source: ['bss.customers'], 'detail-type': ['CustomerCreated'], detail: { data: { onboardingId: [{ exists: false }] } } },
      target: { kind: 'state-machine', name: 'open-default-billing-account' },
    },
    {
      name: 'customer-changes-index-search',
      description: "A new, changed or erased customer is indexed for the agents' customer search as it is now (an erased one: not at all); an issued bill by its number",
      pattern: { source: ['bss.customers', 'bss.billing'], 'detail-type': ['CustomerCreated', 'CustomerUpdated', 'CustomerErased', 'CustomerBillIssued'] },
      target: { kind: 'function', name: 'index-customer-search' },
    },
    {
      name: 'customer-events-index-timeline',
      description: "Every domain event about a customer is an entry of its timeline: the list of domain/customers/customer-timeline-events.ts",
      pattern: timelineEventPattern,
      target: { kind: 'function', name: 'index-customer-timeline' },
    },
  ],
  schedules: [],
};

import { paymentAccess, paymentCreateSchema } from '../../domain/payments/account-payment.js';
import { idempotencyRecords, queryIndexes, readWrite, type BoundedContext, type DynamoDbAction } from './shared.js';

const paymentManagement = '/tmf-api/paymentManagement/v4';

/**
 * Recording money into an account reads its open bills (a Query of its customer's bills) and its
 * credit, and writes the payment, the bills, the credit and the ledger in one transaction; a card
 * goes through the (simulated) gateway, whose records are in the table too.
 */
const paymentWrites: DynamoDbAction[] = [...readWrite, 'dynamodb:Query'];

/**
 * Collections (docs/collections.md): the account's ledger and balance, payments of bills (staff
 * recording transfers, cash and cards; every issued bill collected from credit, then the card on
 * file), account credit.
 */
export const collections: BoundedContext = {
  name: 'collections',
  functions: [
    {
      name: 'create-payment',
      entry: 'functions/collections/create-payment.ts',
      description: 'TMF676 POST /payment: money received for an account, allocated to its bills, the rest account credit',
      permissions: [{ resource: 'table', actions: [...new Set([...paymentWrites, ...idempotencyRecords])] }, queryIndexes],
      timeoutSeconds: 30,
    },
    {
      name: 'collect-customer-bill',
      entry: 'functions/collections/collect-customer-bill.ts',
      description: "Collects an issued bill: the account's credit first, then its default payment method through the gateway",
      permissions: [{ resource: 'table', actions: paymentWrites }, queryIndexes],
      timeoutSeconds: 30,
    },
    {
      name: 'list-ledger-entries',
      entry: 'functions/collections/list-ledger-entries.ts',
      description: "GET /collections/v1/ledgerEntry: a billing account's ledger, whose entries add up to its balance",
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:Query'] }],
    },
    {
      name: 'get-receivables',
      entry: 'functions/collections/get-receivables.ts',
      description: 'GET /collections/v1/receivables: open amounts per account and currency, aged past their due dates, from the open-bills index',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem'] }, queryIndexes],
      // Every shard is read to its end: room for a large book of open bills within API Gateway's 29 s.
      timeoutSeconds: 29,
    },
  ],
  routes: [
    { method: 'POST', path: `${paymentManagement}/payment`, function: 'create-payment', authorized: true, requestBody: paymentCreateSchema, writeAccess: paymentAccess },
    { method: 'GET', path: '/collections/v1/ledgerEntry', function: 'list-ledger-entries', authorized: true },
    { method: 'GET', path: '/collections/v1/receivables', function: 'get-receivables', authorized: true },
  ],
  stateMachines: [],
  eventRules: [
    {
      name: 'customer-bill-issued-collects-bill',
      description: "Every issued bill is collected at once: from the account's credit, then its default payment method",
      pattern: { source: ['bss.billing'], 'detail-type': ['CustomerBillIssued'] },
      target: { kind: 'function', name: 'collect-customer-bill' },
    },
  ],
  schedules: [],
};

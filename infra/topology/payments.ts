import { queryIndexes, readTable, type BoundedContext } from './shared.js';

const paymentManagement = '/tmf-api/paymentManagement/v4';

/** TMF676 payments and refunds, as order-to-cash (and later billing) records them. */
export const payments: BoundedContext = {
  name: 'payments',
  functions: [
    { name: 'get-payment', entry: 'functions/payments/get-payment.ts', description: 'TMF676 GET /payment/{id}', permissions: [readTable] },
    { name: 'list-payments', entry: 'functions/payments/list-payments.ts', description: 'TMF676 GET /payment by account', permissions: [queryIndexes] },
    { name: 'get-refund', entry: 'functions/payments/get-refund.ts', description: 'TMF676 GET /refund/{id}', permissions: [readTable] },
    { name: 'list-refunds', entry: 'functions/payments/list-refunds.ts', description: 'TMF676 GET /refund by account', permissions: [queryIndexes] },
  ],
  routes: [
    { method: 'GET', path: `${paymentManagement}/payment`, function: 'list-payments', authorized: true },
    { method: 'GET', path: `${paymentManagement}/payment/{id}`, function: 'get-payment', authorized: true },
    { method: 'GET', path: `${paymentManagement}/refund`, function: 'list-refunds', authorized: true },
    { method: 'GET', path: `${paymentManagement}/refund/{id}`, function: 'get-refund', authorized: true },
  ],
  stateMachines: [],
  eventRules: [],
  schedules: [],
};

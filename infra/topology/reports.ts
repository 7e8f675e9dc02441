import { queryIndexes, readTable, type BoundedContext, type PerCallerLimit } from './shared.js';

/**
 * Each report (here and in revenue.ts) reads a whole read model per call: a few staff at once
 * (concurrency), and per caller far more than a person reading reports asks for (limit).
 */
export const reportConcurrency = 5;
export const reportLimit: PerCallerLimit = { requests: 60, perSeconds: 60 };

/**
 * Reports (docs/reports.md): read models kept from the domain events by idempotent consumers,
 * served to staff under /reports/v1/ (the revenue context serves its own two, revenue and
 * journalEntries, from its close). Nothing here reads an operational item to answer.
 */
export const reports: BoundedContext = {
  name: 'reports',
  functions: [
    {
      name: 'keep-receivables',
      entry: 'functions/reports/keep-receivables.ts',
      description: "Keeps each bill's receivable (issued amount, every movement by event id) from the events that change what it owes",
      // Read the bill's read model, write it back conditional on its version.
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], keys: ['BILL_RUN_HISTORY#*', 'RECEIVABLE#*'] }],
    },
    {
      name: 'keep-bill-run-history',
      entry: 'functions/reports/keep-bill-run-history.ts',
      description: "Keeps each billing run's history entry from BillRunRequested and BillRunCompleted",
      permissions: [{ resource: 'table', actions: ['dynamodb:UpdateItem'], keys: ['BILL_RUN_HISTORY#*', 'RECEIVABLE#*'] }],
    },
    {
      name: 'get-receivables-report',
      entry: 'functions/reports/get-receivables-report.ts',
      description: 'GET /reports/v1/receivables: receivables aging at an instant, per currency and account, from the read model (JSON or CSV)',
      permissions: [readTable, queryIndexes],
      // Reports read a whole read model per call, for a handful of staff at once.
      reservedConcurrency: reportConcurrency,
    },
    {
      name: 'get-bill-run-history',
      entry: 'functions/reports/get-bill-run-history.ts',
      description: 'GET /reports/v1/billRuns: the billing runs of a period, trigger, times, state and counts (JSON or CSV)',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:Query'] }],
      reservedConcurrency: reportConcurrency,
    },
  ],
  routes: [
    { method: 'GET', path: '/reports/v1/receivables', function: 'get-receivables-report', authorized: true, perCallerLimit: reportLimit },
    { method: 'GET', path: '/reports/v1/billRuns', function: 'get-bill-run-history', authorized: true, perCallerLimit: reportLimit },
  ],
  stateMachines: [],
  eventRules: [
    {
      name: 'billing-keeps-receivables-report',
      description: 'An issued bill enters the receivables report with what it owes',
      pattern: { source: ['bss.billing'], 'detail-type': ['CustomerBillIssued'] },
      target: { kind: 'function', name: 'keep-receivables' },
    },
    {
      name: 'collections-keep-receivables-report',
      description: 'Payments, credit, credit notes and write-offs take what they paid off the bills in the receivables report',
      pattern: { source: ['bss.collections'], 'detail-type': ['PaymentReceived', 'AccountCreditApplied', 'CreditNoteIssued', 'BillWrittenOff'] },
      target: { kind: 'function', name: 'keep-receivables' },
    },
    {
      name: 'refunds-keep-receivables-report',
      description: "A bill payment's refund reopens the bills it paid in the receivables report",
      pattern: { source: ['bss.payments'], 'detail-type': ['RefundIssued'] },
      target: { kind: 'function', name: 'keep-receivables' },
    },
    {
      name: 'bill-runs-keep-history',
      description: "Every billing run's request and completion in the billing-run history",
      pattern: { source: ['bss.billing'], 'detail-type': ['BillRunRequested', 'BillRunCompleted'] },
      target: { kind: 'function', name: 'keep-bill-run-history' },
    },
  ],
  schedules: [],
};

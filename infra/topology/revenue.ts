import { queryIndexes, readTable, type BoundedContext, type DynamoDbAction } from './shared.js';
import { reportConcurrency, reportLimit } from './reports.js';

/**
 * Booking reads the bill (or credit note), its lines, the account, the products and the ledger,
 * and writes the schedules in transactions that check the ledger's last closed month.
 */
const books: DynamoDbAction[] = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:ConditionCheckItem'];

/** A close reads the month's schedules (index), moves the ledger, writes entries in batches and its balances with the event. */
const closes: DynamoDbAction[] = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];

/**
 * Recording MRR reads the product, its account and customer and the catalog prices its terms
 * pinned (by key), then writes the customer's model and adds to the months in one transaction.
 */
const recordsMrr: DynamoDbAction[] = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/**
 * Revenue recognition (docs/revenue-recognition.md): every bill line's revenue schedule, the
 * reverse of credited lines, write-offs as bad debt; the monthly close into journal entries per
 * offering and currency; staff reports of recognized and deferred revenue and the journal; the
 * MRR read model, kept from product events, and its report.
 */
export const revenue: BoundedContext = {
  name: 'revenue',
  functions: [
    {
      name: 'book-revenue',
      entry: 'functions/revenue/book-revenue.ts',
      description: "Books an issued bill's revenue schedules, a credit note's reverse schedules, a write-off's bad debts, in the first month not closed",
      permissions: [{ resource: 'table', actions: books, keys: ['BILL#*', 'BILL_SERIES#*', 'CREDIT_NOTE#*', 'OUTBOX#*', 'PRODUCT#*', 'REVENUE_LEDGER#*', 'REVENUE_SCHEDULE#*', 'REVENUE_WRITE_OFF#*'] }, queryIndexes],
      timeoutSeconds: 30,
    },
    {
      name: 'close-revenue-months',
      entry: 'functions/revenue/close-revenue-months.ts',
      description: "The monthly close of a revenue ledger: each month over everywhere and not closed, in order, into journal entries and balances",
      permissions: [{ resource: 'table', actions: closes, keys: ['OUTBOX#*', 'REVENUE_LEDGER#*', 'REVENUE_SCHEDULE#*', 'REVENUE_WRITE_OFF#*'] }, queryIndexes],
      // Every schedule of a month of the live ledger, read and summed in memory: minutes at most.
      timeoutSeconds: 900,
      memoryMb: 2048,
    },
    {
      name: 'get-revenue-report',
      entry: 'functions/revenue/get-revenue-report.ts',
      description: 'GET /reports/v1/revenue: recognized and deferred revenue by offering and currency at the end of a closed month',
      permissions: [readTable],
      reservedConcurrency: reportConcurrency,
    },
    {
      name: 'list-journal-entries',
      entry: 'functions/revenue/list-journal-entries.ts',
      description: "GET /reports/v1/journalEntries: a closed month's journal entries, the accounting export (JSON or CSV)",
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:Query'] }],
      reservedConcurrency: reportConcurrency,
    },
    {
      name: 'record-mrr',
      entry: 'functions/revenue/record-mrr.ts',
      description: "Keeps the MRR read model: a moved or changed product's monthly amount over time, its customer's movements per month",
      permissions: [{ resource: 'table', actions: recordsMrr, keys: ['CUSTOMER#*', 'MRR#*', 'MRR_CUSTOMER#*', 'OUTBOX#*'] }],
    },
    {
      name: 'get-mrr-report',
      entry: 'functions/revenue/get-mrr-report.ts',
      description: 'GET /reports/v1/mrr: MRR and ARR at the end of a month, its new, expansion, contraction and churned MRR, active customers and products, ARPU',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:Query'] }],
      reservedConcurrency: reportConcurrency,
    },
  ],
  routes: [
    { method: 'GET', path: '/reports/v1/revenue', function: 'get-revenue-report', authorized: true, perCallerLimit: reportLimit },
    { method: 'GET', path: '/reports/v1/journalEntries', function: 'list-journal-entries', authorized: true, perCallerLimit: reportLimit },
    { method: 'GET', path: '/reports/v1/mrr', function: 'get-mrr-report', authorized: true, perCallerLimit: reportLimit },
  ],
  stateMachines: [],
  eventRules: [
    {
      name: 'customer-bill-issued-books-revenue',
      description: "Every issued bill's revenue lines get their schedules, booked in the bill's month or the first not closed",
      pattern: { source: ['bss.billing'], 'detail-type': ['CustomerBillIssued'] },
      target: { kind: 'function', name: 'book-revenue' },
    },
    {
      name: 'collections-book-revenue',
      description: "A credit note reverses the schedules of the lines it credits; a write-off becomes bad debt of the bill's offerings",
      pattern: { source: ['bss.collections'], 'detail-type': ['CreditNoteIssued', 'BillWrittenOff'] },
      target: { kind: 'function', name: 'book-revenue' },
    },
    {
      name: 'test-clock-bill-run-closes-revenue',
      description: "After a test clock's billing run, its revenue ledger closes the months the clock went past, as of the run's instant",
      pattern: { source: ['bss.billing'], 'detail-type': ['BillRunCompleted'], detail: { data: { testClockId: [{ exists: true }] } } },
      target: { kind: 'function', name: 'close-revenue-months' },
    },
    {
      name: 'product-changes-record-mrr',
      description: "Every product's move (activation, suspension, termination, by order or dunning) or plan change moves the MRR read model",
      pattern: { source: ['bss.products'], 'detail-type': ['ProductStatusChanged', 'ProductChanged'] },
      target: { kind: 'function', name: 'record-mrr' },
    },
  ],
  schedules: [
    {
      name: 'monthly-revenue-close',
      // The 2nd, 12:00 UTC: the previous month is over in every zone (docs/revenue-recognition.md, "Months").
      expression: 'cron(0 12 2 * ? *)',
      timeZone: 'UTC',
      target: { kind: 'function', name: 'close-revenue-months' },
      input: {},
    },
  ],
};

import { creditNoteAccess, creditNoteCreateSchema } from '../../domain/collections/credit-note-create.js';
import { dunningPauseAccess, dunningPauseSchema, dunningResumeSchema, dunningStopAccess, dunningStopSchema, serviceRestorationSchema } from '../../domain/collections/dunning-interventions.js';
import { dunningPath } from '../../domain/collections/dunning.js';
import { goodwillCreditAccess, goodwillCreditCreateSchema } from '../../domain/collections/goodwill-credit.js';
import { paymentAccess, paymentCreateSchema } from '../../domain/payments/account-payment.js';
import { refundAccess, refundCreateSchema } from '../../domain/payments/bill-refund.js';
import { idempotencyRecords, keepsDocuments, queryIndexes, readTable, readWrite, type BoundedContext, type DynamoDbAction, type Permission } from './shared.js';

const paymentManagement = '/tmf-api/paymentManagement/v4';

/**
 * Recording money into an account reads its open bills (a Query of its customer's bills) and its
 * credit, and writes the payment, the bills, the credit and the ledger in one transaction; a card
 * goes through the (simulated) gateway, whose records are in the table too.
 */
const paymentWrites: DynamoDbAction[] = [...readWrite, 'dynamodb:Query'];

/** Dunning suspends, resumes and terminates services through the (simulated) provisioning system, a state machine of the provisioning context. */
const tellsTheNetwork: Permission = { resource: 'state-machine:simulated-provisioning-system', actions: ['states:StartExecution'] };

/**
 * A staff change of a dunning: the dunning and the account's `overdueSince`, its audit entry
 * under the account, its event, the idempotency record. CUSTOMER#: the audit trail's module also
 * writes customers' entries, and a function reaching it is granted its prefix.
 */
const changesDunning: Permission = { resource: 'table', actions: [...new Set([...readWrite, ...idempotencyRecords])], keys: ['BILLING_ACCOUNT#*', 'CUSTOMER#*', 'IDEMPOTENCY#*', 'OUTBOX#*'] };

/**
 * Lifting dunning's suspension (a stop, a restored service) is the restoration a payment makes
 * (account-dunning.ts): the products resumed through the provisioning system, the account, a
 * notice; it shares that module's grants, as review-account-dunning does.
 */
const liftsSuspension: Permission[] = [
  {
    resource: 'table',
    actions: [...new Set([...paymentWrites, ...idempotencyRecords])],
    keys: ['BILL#*', 'BILLING_ACCOUNT#*', 'BILL_SERIES#*', 'COMMUNICATION_MESSAGE#*', 'CUSTOMER#*', 'IDEMPOTENCY#*', 'OUTBOX#*', 'PAYMENT#*', 'PRODUCT#*', 'PROVISIONING_REQUEST#*', 'REFUND#*'],
  },
  queryIndexes,
  tellsTheNetwork,
];

/**
 * Collections (docs/collections.md): the account's ledger and balance, payments of bills (staff
 * recording transfers, cash and cards; every issued bill collected from credit, then the card on
 * file), account credit, refunds of bill payments, credit notes of bills.
 */
export const collections: BoundedContext = {
  name: 'collections',
  functions: [
    {
      name: 'create-payment',
      entry: 'functions/collections/create-payment.ts',
      description: 'TMF676 POST /payment: money received for an account (a customer: its own, by card), allocated to its bills, the rest account credit',
      // CUSTOMER#*: a paying customer's registered cards are read from its customer record.
      permissions: [{ resource: 'table', actions: [...new Set([...paymentWrites, ...idempotencyRecords])], keys: ['BILL#*', 'BILLING_ACCOUNT#*', 'BILL_SERIES#*', 'CUSTOMER#*', 'IDEMPOTENCY#*', 'OUTBOX#*', 'PAYMENT#*', 'PRODUCT#*', 'REFUND#*', 'SIMULATED_GATEWAY#*'] }, queryIndexes],
      timeoutSeconds: 30,
    },
    {
      name: 'create-refund',
      entry: 'functions/collections/create-refund.ts',
      description: 'TMF676 POST /refund: (part of) a bill payment paid back, from its unused credit, then the bills it paid',
      permissions: [{ resource: 'table', actions: [...new Set([...paymentWrites, ...idempotencyRecords])], keys: ['BILL#*', 'BILLING_ACCOUNT#*', 'BILL_SERIES#*', 'IDEMPOTENCY#*', 'OUTBOX#*', 'PAYMENT#*', 'PRODUCT#*', 'REFUND#*', 'SIMULATED_GATEWAY#*'] }, queryIndexes],
      timeoutSeconds: 30,
    },
    {
      name: 'create-credit-note',
      entry: 'functions/collections/create-credit-note.ts',
      description: 'POST /collections/v1/creditNote: a bill credited in whole, by lines or by an amount; off what it owes, the rest account credit',
      permissions: [{ resource: 'table', actions: [...new Set([...paymentWrites, ...idempotencyRecords])], keys: ['BILL#*', 'BILLING_ACCOUNT#*', 'BILL_SERIES#*', 'CREDIT_NOTE#*', 'IDEMPOTENCY#*', 'OUTBOX#*', 'PAYMENT#*', 'PRODUCT#*', 'REFUND#*'] }, queryIndexes],
      timeoutSeconds: 30,
    },
    {
      name: 'get-credit-note',
      entry: 'functions/collections/get-credit-note.ts',
      description: 'GET /collections/v1/creditNote/{id}: one credit note',
      permissions: [readTable],
    },
    {
      name: 'list-credit-notes',
      entry: 'functions/collections/list-credit-notes.ts',
      description: "GET /collections/v1/creditNote: a billing account's credit notes",
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:Query'] }, queryIndexes],
    },
    {
      name: 'create-goodwill-credit',
      entry: 'functions/collections/create-goodwill-credit.ts',
      description: "POST /collections/v1/goodwillCredit: credit given to an account without a bill, then paying its open bills oldest first",
      permissions: [{ resource: 'table', actions: [...new Set([...paymentWrites, ...idempotencyRecords])], keys: ['BILL#*', 'BILLING_ACCOUNT#*', 'BILL_SERIES#*', 'GOODWILL_CREDIT#*', 'IDEMPOTENCY#*', 'OUTBOX#*', 'PAYMENT#*', 'PRODUCT#*', 'REFUND#*'] }, queryIndexes],
      timeoutSeconds: 30,
    },
    {
      name: 'get-goodwill-credit',
      entry: 'functions/collections/get-goodwill-credit.ts',
      description: 'GET /collections/v1/goodwillCredit/{id}: one goodwill credit',
      permissions: [readTable],
    },
    {
      name: 'collect-customer-bill',
      entry: 'functions/collections/collect-customer-bill.ts',
      description: "Collects an issued bill: the account's credit first, then its default payment method through the gateway",
      permissions: [{ resource: 'table', actions: paymentWrites, keys: ['BILL#*', 'BILLING_ACCOUNT#*', 'BILL_SERIES#*', 'OUTBOX#*', 'PAYMENT#*', 'PRODUCT#*', 'REFUND#*', 'SIMULATED_GATEWAY#*'] }, queryIndexes],
      timeoutSeconds: 30,
    },
    {
      name: 'run-collections',
      entry: 'functions/collections/run-collections.ts',
      description: 'The collections run: accounts with a bill past due begin dunning; due dunning steps are performed (retries, reminders, suspension, write-off)',
      permissions: [{ resource: 'table', actions: paymentWrites, keys: ['BILL#*', 'BILLING_ACCOUNT#*', 'BILL_SERIES#*', 'COMMUNICATION_MESSAGE#*', 'CUSTOMER#*', 'OUTBOX#*', 'PAYMENT#*', 'PRODUCT#*', 'PROVISIONING_REQUEST#*', 'REFUND#*', 'SIMULATED_GATEWAY#*'] }, queryIndexes, tellsTheNetwork],
      // Every overdue account of the run's partitions, a few at a time: minutes at most, never the 15-minute limit.
      timeoutSeconds: 900,
    },
    {
      name: 'review-account-dunning',
      entry: 'functions/collections/review-account-dunning.ts',
      description: 'After money into an account in dunning: if nothing is overdue any more, dunning stops and a suspended service is restored',
      permissions: [{ resource: 'table', actions: paymentWrites, keys: ['BILL#*', 'BILLING_ACCOUNT#*', 'BILL_SERIES#*', 'COMMUNICATION_MESSAGE#*', 'CUSTOMER#*', 'OUTBOX#*', 'PAYMENT#*', 'PRODUCT#*', 'PROVISIONING_REQUEST#*', 'REFUND#*', 'SIMULATED_GATEWAY#*'] }, queryIndexes, tellsTheNetwork],
      timeoutSeconds: 60,
    },
    {
      name: 'get-credit-note-document',
      entry: 'functions/collections/get-credit-note-document.ts',
      description: 'GET /collections/v1/creditNote/{id}/document: the credit note as a PDF or HTML, kept at issue',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:Query'] }, keepsDocuments],
      memoryMb: 1536,
      timeoutSeconds: 20,
    },
    {
      name: 'keep-credit-note-document',
      entry: 'functions/collections/keep-credit-note-document.ts',
      description: "Renders and keeps an issued credit note's document (PDF and HTML), once",
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:Query'] }, keepsDocuments],
      memoryMb: 1536,
      timeoutSeconds: 30,
    },
    {
      name: 'send-payment-receipt',
      entry: 'functions/collections/send-payment-receipt.ts',
      description: 'Sends the customer the receipt of a payment received, once per payment, through the notification port',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], keys: ['COMMUNICATION_MESSAGE#*', 'CUSTOMER#*', 'OUTBOX#*'] }],
    },
    {
      name: 'get-account-dunning',
      entry: 'functions/collections/get-account-dunning.ts',
      description: 'GET /collections/v1/dunning/{billingAccountId}: where the account is in dunning, the steps done and the next',
      permissions: [readTable],
    },
    {
      name: 'pause-account-dunning',
      entry: 'functions/collections/pause-account-dunning.ts',
      description: 'POST /collections/v1/dunning/{billingAccountId}/pause: no dunning step before `until` (at most 30 days on), the steps not yet performed postponed by the pause',
      permissions: [changesDunning],
    },
    {
      name: 'resume-account-dunning',
      entry: 'functions/collections/resume-account-dunning.ts',
      description: "POST /collections/v1/dunning/{billingAccountId}/resume: a pause of the account's dunning ends early",
      permissions: [changesDunning],
    },
    {
      name: 'stop-account-dunning',
      entry: 'functions/collections/stop-account-dunning.ts',
      description: 'POST /collections/v1/dunning/{billingAccountId}/stop (admins): dunning ends without write-off, the debt stays owed, a suspension is lifted',
      permissions: liftsSuspension,
      timeoutSeconds: 29,
    },
    {
      name: 'restore-account-service',
      entry: 'functions/collections/restore-account-service.ts',
      description: 'POST /collections/v1/dunning/{billingAccountId}/restoreService (admins): the suspended service back now, dunning paused until the promised payment',
      permissions: liftsSuspension,
      timeoutSeconds: 29,
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
    { method: 'POST', path: `${paymentManagement}/refund`, function: 'create-refund', authorized: true, requestBody: refundCreateSchema, writeAccess: refundAccess },
    { method: 'POST', path: '/collections/v1/creditNote', function: 'create-credit-note', authorized: true, requestBody: creditNoteCreateSchema, writeAccess: creditNoteAccess },
    { method: 'GET', path: '/collections/v1/creditNote', function: 'list-credit-notes', authorized: true },
    { method: 'GET', path: '/collections/v1/creditNote/{id}', function: 'get-credit-note', authorized: true },
    { method: 'POST', path: '/collections/v1/goodwillCredit', function: 'create-goodwill-credit', authorized: true, requestBody: goodwillCreditCreateSchema, writeAccess: goodwillCreditAccess },
    { method: 'GET', path: '/collections/v1/goodwillCredit/{id}', function: 'get-goodwill-credit', authorized: true },
    { method: 'GET', path: '/collections/v1/creditNote/{id}/document', function: 'get-credit-note-document', authorized: true },
    { method: 'GET', path: '/collections/v1/ledgerEntry', function: 'list-ledger-entries', authorized: true },
    { method: 'GET', path: `${dunningPath}/{billingAccountId}`, function: 'get-account-dunning', authorized: true },
    { method: 'POST', path: `${dunningPath}/{billingAccountId}/pause`, function: 'pause-account-dunning', authorized: true, requestBody: dunningPauseSchema, writeAccess: dunningPauseAccess },
    { method: 'POST', path: `${dunningPath}/{billingAccountId}/resume`, function: 'resume-account-dunning', authorized: true, requestBody: dunningResumeSchema, writeAccess: dunningPauseAccess },
    { method: 'POST', path: `${dunningPath}/{billingAccountId}/stop`, function: 'stop-account-dunning', authorized: true, requestBody: dunningStopSchema, writeAccess: dunningStopAccess },
    { method: 'POST', path: `${dunningPath}/{billingAccountId}/restoreService`, function: 'restore-account-service', authorized: true, requestBody: serviceRestorationSchema, writeAccess: dunningStopAccess },
    { method: 'GET', path: '/collections/v1/receivables', function: 'get-receivables', authorized: true },
  ],
  stateMachines: [],
  eventRules: [
    {
      name: 'bill-run-completed-runs-collections',
      description: "After every billing run (a test clock's included), the collections run acts on what fell overdue as of its instant",
      pattern: { source: ['bss.billing'], 'detail-type': ['BillRunCompleted'] },
      target: { kind: 'function', name: 'run-collections' },
    },
    {
      name: 'credit-note-issued-keeps-document',
      description: "Every credit note's document is rendered and kept when it is issued",
      pattern: { source: ['bss.collections'], 'detail-type': ['CreditNoteIssued'] },
      target: { kind: 'function', name: 'keep-credit-note-document' },
    },
    {
      name: 'payment-received-sends-receipt',
      description: 'Every payment received gets its receipt, by e-mail through the notification port',
      pattern: { source: ['bss.collections'], 'detail-type': ['PaymentReceived'] },
      target: { kind: 'function', name: 'send-payment-receipt' },
    },
    {
      name: 'payment-received-reviews-dunning',
      description: 'Money into an account (or a credit note) may clear what was overdue: dunning stops and a suspended service comes back at once',
      pattern: { source: ['bss.collections'], 'detail-type': ['PaymentReceived', 'AccountCreditApplied', 'CreditNoteIssued'] },
      target: { kind: 'function', name: 'review-account-dunning' },
    },
    {
      name: 'customer-bill-issued-collects-bill',
      description: "Every issued bill is collected at once: from the account's credit, then its default payment method",
      pattern: { source: ['bss.billing'], 'detail-type': ['CustomerBillIssued'] },
      target: { kind: 'function', name: 'collect-customer-bill' },
    },
  ],
  schedules: [
    {
      name: 'daily-collections-run',
      // The billing run at 02:00 UTC starts one when it completes; this one runs even on a day it did not.
      expression: 'cron(0 4 * * ? *)',
      timeZone: 'UTC',
      target: { kind: 'function', name: 'run-collections' },
      input: {},
    },
  ],
};

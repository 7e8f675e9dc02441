import { accountOverviewCustomerParameter, accountOverviewExample, accountOverviewPath, accountOverviewSchema } from '../../domain/billing/account-overview.js';
import { customerBillPatchAccess, customerBillPatchSchema } from '../../domain/billing/bill-hold.js';
import { billRunAccess, billRunCreateSchema } from '../../domain/billing/bill-run.js';
import { customerBillOnDemandAccess, customerBillOnDemandCreateSchema } from '../../domain/billing/customer-bill-on-demand.js';
import { productChangePreviewAccess, productChangePreviewPath, productChangePreviewRequestSchema } from '../../domain/billing/product-change-preview.js';
import { testClockAccess, testClockAdvanceSchema, testClockCreateSchema } from '../../domain/billing/test-clock.js';
import { idempotencyRecords, keepsDocuments, queryIndexes, readTable, readWrite, type BoundedContext, type DynamoDbAction, type FunctionDefinition } from './shared.js';

const customerBillManagement = '/tmf-api/customerBillManagement/v4';

/**
 * Building and issuing bills reads an account, its customer, its products, the catalog and the
 * usage, and writes the bill, its lines, the usage it charges and the numbering transaction.
 */
const billing: DynamoDbAction[] = [...readWrite, 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:Query'];

/** The billing run's tasks (state-machines/billing-run.asl.json), in the order it runs them. */
const billingRunTasks: FunctionDefinition[] = [
  {
    name: 'begin-bill-run',
    entry: 'functions/billing/begin-bill-run.ts',
    description: 'Billing run: the run to bill (or a new one for the daily schedule), how many accounts are due, the due index partitions',
    permissions: [{ resource: 'table', actions: readWrite, keys: ['BILL_RUN#*', 'OUTBOX#*'] }, queryIndexes],
    timeoutSeconds: 120,
  },
  {
    name: 'bill-due-accounts',
    entry: 'functions/billing/bill-due-accounts.ts',
    description: 'Billing run: one page of due accounts of a partition, billed period by period, their bills numbered together',
    permissions: [{ resource: 'table', actions: billing, keys: ['BILL#*', 'BILLING_ACCOUNT#*', 'BILL_RUN#*', 'BILL_SERIES#*', 'CUSTOMER#*', 'OUTBOX#*', 'PRODUCT#*', 'USAGE#*'] }, queryIndexes],
    // Up to a page of accounts, several periods behind each: minutes, never the 15-minute Lambda limit.
    timeoutSeconds: 900,
    memoryMb: 1769,
    // Bill computation allocates about 50 KB a bill: with V8's default semi-spaces (8 MiB or less below 2 GiB) scavenges took a fifth of its CPU (docs/billing.md, "Measured"); these cost 192 MiB of the 1,769.
    maxSemiSpaceMb: 64,
  },
  {
    name: 'finish-bill-run',
    entry: 'functions/billing/finish-bill-run.ts',
    description: "Billing run: its end state with BillRunCompleted; a test clock's run sets the clock ready",
    permissions: [{ resource: 'table', actions: [...readWrite, 'dynamodb:Query'], keys: ['BILL_RUN#*', 'OUTBOX#*', 'TEST_CLOCK#*'] }],
  },
];

/**
 * Billing (docs/billing.md): TMF678 bills and their lines, on-demand bills, billing runs (the
 * daily schedule, staff, test clocks) and test clocks.
 */
export const billingContext: BoundedContext = {
  name: 'billing',
  functions: [
    {
      name: 'list-customer-bills',
      entry: 'functions/billing/list-customer-bills.ts',
      description: 'TMF678 GET /customerBill by customer or account, state, run type and bill date',
      permissions: [readTable, queryIndexes],
    },
    {
      name: 'patch-customer-bill',
      entry: 'functions/billing/patch-customer-bill.ts',
      description: 'TMF678 PATCH /customerBill/{id}: a disputed bill put on hold (out of collections and dunning) and released, with If-Match, audit and event',
      // The bill (and its open-bills index keys), its audit entry (CUSTOMER_BILL#), the event; BILL_SERIES# and PRODUCT# come with bill-store's key helpers (test/infra/table-write-prefixes.ts counts a module whole).
      permissions: [{ resource: 'table', actions: readWrite, keys: ['BILL#*', 'BILL_SERIES#*', 'CUSTOMER_BILL#*', 'OUTBOX#*', 'PRODUCT#*'] }],
    },
    {
      name: 'get-customer-bill',
      entry: 'functions/billing/get-customer-bill.ts',
      description: 'TMF678 GET /customerBill/{id}',
      permissions: [readTable],
    },
    {
      name: 'get-customer-bill-document',
      entry: 'functions/billing/get-customer-bill-document.ts',
      description: 'TMF678 GET /customerBill/{id}/document: the bill as a PDF or HTML, kept at issue',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:Query'] }, keepsDocuments],
      memoryMb: 1536,
      timeoutSeconds: 20,
      // Renders a PDF when the kept one is missing: seconds of CPU each, so a few at once.
      reservedConcurrency: 10,
    },
    {
      name: 'deliver-customer-bill',
      entry: 'functions/billing/deliver-customer-bill.ts',
      description: 'Renders and keeps an issued bill document and sends it to the customer (e-mail with the PDF, or SMS); the bill moves to sent',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], keys: ['BILL#*', 'BILL_SERIES#*', 'COMMUNICATION_MESSAGE#*', 'CUSTOMER#*', 'OUTBOX#*', 'PRODUCT#*'] }, keepsDocuments],
      memoryMb: 1536,
      timeoutSeconds: 30,
    },
    {
      name: 'list-applied-customer-billing-rates',
      entry: 'functions/billing/list-applied-customer-billing-rates.ts',
      description: "TMF678 GET /appliedCustomerBillingRate: a bill's lines, or a customer's or account's by product and type",
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:Query'] }, queryIndexes],
    },
    {
      name: 'get-applied-customer-billing-rate',
      entry: 'functions/billing/get-applied-customer-billing-rate.ts',
      description: 'TMF678 GET /appliedCustomerBillingRate/{id}',
      permissions: [readTable],
    },
    {
      name: 'create-customer-bill-on-demand',
      entry: 'functions/billing/create-customer-bill-on-demand.ts',
      description: "TMF678 POST /customerBillOnDemand: the account's due bills, then an offCycle bill up to now",
      permissions: [{ resource: 'table', actions: [...new Set([...billing, ...idempotencyRecords])], keys: ['BILL#*', 'BILLING_ACCOUNT#*', 'BILL_SERIES#*', 'CUSTOMER#*', 'CUSTOMER_BILL_ON_DEMAND#*', 'IDEMPOTENCY#*', 'OUTBOX#*', 'PRODUCT#*', 'USAGE#*'] }, queryIndexes],
      timeoutSeconds: 60,
    },
    {
      name: 'list-customer-bills-on-demand',
      entry: 'functions/billing/list-customer-bills-on-demand.ts',
      description: 'TMF678 GET /customerBillOnDemand by customer or account',
      permissions: [readTable, queryIndexes],
    },
    {
      name: 'get-customer-bill-on-demand',
      entry: 'functions/billing/get-customer-bill-on-demand.ts',
      description: 'TMF678 GET /customerBillOnDemand/{id}',
      permissions: [readTable],
    },
    {
      name: 'preview-product-change',
      entry: 'functions/billing/preview-product-change.ts',
      description: "POST /billing/v1/productChangePreview: the lines the next bill will carry for a product if a plan change or its termination took effect now",
      // Reads the product, its account, customer, schedule and clock, and the catalog: nothing is written.
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'] }],
    },
    {
      name: 'get-account-overview',
      entry: 'functions/billing/get-account-overview.ts',
      description: "GET /billing/v1/accountOverview: a customer's home screen in one read: per billing account its balance, latest bill, next bill with the billing run's estimate of it, and this period's usage against allowances",
      // Reads the customer, its accounts, products and bills, schedules and clocks, the catalog, the usage waiting for each next bill (gsi3) and this period's records (gsi1), earlier bills' rated usage (PRODUCT#): nothing is written.
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] }, queryIndexes],
      // Prices and rates a bill per account: more than a plain read.
      timeoutSeconds: 20,
    },
    {
      name: 'start-bill-run',
      entry: 'functions/billing/start-bill-run.ts',
      description: 'POST /billing/v1/billRun: records a billing run as of a past instant; BillRunRequested starts it',
      permissions: [{ resource: 'table', actions: idempotencyRecords, keys: ['BILL_RUN#*', 'IDEMPOTENCY#*', 'OUTBOX#*'] }],
      // Each call starts a run over every due account: operators start one now and then.
      reservedConcurrency: 2,
    },
    {
      name: 'list-bill-runs',
      entry: 'functions/billing/list-bill-runs.ts',
      description: 'GET /billing/v1/billRun with their state and counts',
      permissions: [queryIndexes],
    },
    {
      name: 'get-bill-run',
      entry: 'functions/billing/get-bill-run.ts',
      description: 'GET /billing/v1/billRun/{id}: state, counts, progress and failures',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:Query'] }],
    },
    {
      name: 'create-test-clock',
      entry: 'functions/billing/create-test-clock.ts',
      description: 'POST /billing/v1/testClock: a frozen clock customers can be created on',
      permissions: [{ resource: 'table', actions: idempotencyRecords, keys: ['IDEMPOTENCY#*', 'TEST_CLOCK#*'] }],
    },
    {
      name: 'list-test-clocks',
      entry: 'functions/billing/list-test-clocks.ts',
      description: 'GET /billing/v1/testClock',
      permissions: [queryIndexes],
    },
    {
      name: 'get-test-clock',
      entry: 'functions/billing/get-test-clock.ts',
      description: 'GET /billing/v1/testClock/{id}',
      permissions: [readTable],
    },
    {
      name: 'advance-test-clock',
      entry: 'functions/billing/advance-test-clock.ts',
      description: "POST /billing/v1/testClock/{id}/advance: moves the clock forward; its billing run bills what fell due for its customers",
      permissions: [{ resource: 'table', actions: readWrite, keys: ['BILL_RUN#*', 'OUTBOX#*', 'TEST_CLOCK#*'] }],
    },
    ...billingRunTasks,
  ],
  routes: [
    { method: 'GET', path: `${customerBillManagement}/customerBill`, function: 'list-customer-bills', authorized: true },
    { method: 'GET', path: `${customerBillManagement}/customerBill/{id}`, function: 'get-customer-bill', authorized: true },
    {
      method: 'PATCH',
      path: `${customerBillManagement}/customerBill/{id}`,
      function: 'patch-customer-bill',
      authorized: true,
      requestBody: customerBillPatchSchema,
      writeAccess: customerBillPatchAccess,
    },
    { method: 'GET', path: `${customerBillManagement}/customerBill/{id}/document`, function: 'get-customer-bill-document', authorized: true, perCallerLimit: { requests: 60, perSeconds: 60 } },
    { method: 'GET', path: `${customerBillManagement}/appliedCustomerBillingRate`, function: 'list-applied-customer-billing-rates', authorized: true },
    { method: 'GET', path: `${customerBillManagement}/appliedCustomerBillingRate/{id}`, function: 'get-applied-customer-billing-rate', authorized: true },
    {
      method: 'POST',
      path: `${customerBillManagement}/customerBillOnDemand`,
      function: 'create-customer-bill-on-demand',
      authorized: true,
      requestBody: customerBillOnDemandCreateSchema,
      writeAccess: customerBillOnDemandAccess,
    },
    { method: 'GET', path: `${customerBillManagement}/customerBillOnDemand`, function: 'list-customer-bills-on-demand', authorized: true },
    { method: 'GET', path: `${customerBillManagement}/customerBillOnDemand/{id}`, function: 'get-customer-bill-on-demand', authorized: true },
    {
      method: 'POST',
      path: productChangePreviewPath,
      function: 'preview-product-change',
      authorized: true,
      requestBody: productChangePreviewRequestSchema,
      writeAccess: productChangePreviewAccess,
    },
    {
      method: 'GET',
      path: accountOverviewPath,
      function: 'get-account-overview',
      authorized: true,
      queryParameters: [
        { name: accountOverviewCustomerParameter, description: 'The customer whose accounts to show: one id (a customer names itself).', required: true, example: accountOverviewExample.customer.id },
      ],
      response: {
        schema: accountOverviewSchema,
        example: accountOverviewExample,
        description:
          "Per billing account of the customer (default first, then by name): the account as TMF666 serves it, its newest issued bill, its next bill with the estimate the billing run would compute now (read-only), and this billing period's usage against the allowances; every instant the account's now (its test clock's)",
      },
    },
    { method: 'POST', path: '/billing/v1/billRun', function: 'start-bill-run', authorized: true, perCallerLimit: { requests: 10, perSeconds: 300 }, requestBody: billRunCreateSchema, writeAccess: billRunAccess },
    { method: 'GET', path: '/billing/v1/billRun', function: 'list-bill-runs', authorized: true },
    { method: 'GET', path: '/billing/v1/billRun/{id}', function: 'get-bill-run', authorized: true },
    { method: 'POST', path: '/billing/v1/testClock', function: 'create-test-clock', authorized: true, requestBody: testClockCreateSchema, writeAccess: testClockAccess },
    { method: 'GET', path: '/billing/v1/testClock', function: 'list-test-clocks', authorized: true },
    { method: 'GET', path: '/billing/v1/testClock/{id}', function: 'get-test-clock', authorized: true },
    {
      method: 'POST',
      path: '/billing/v1/testClock/{id}/advance',
      function: 'advance-test-clock',
      authorized: true,
      requestBody: testClockAdvanceSchema,
      writeAccess: testClockAccess,
    },
  ],
  stateMachines: [
    {
      name: 'billing-run',
      definitionFile: 'state-machines/billing-run.asl.json',
      invokes: billingRunTasks.map((task) => task.name),
    },
  ],
  eventRules: [
    {
      name: 'bill-run-requested-runs-billing-run',
      description: 'A billing run staff asked for, or a test clock advanced, runs through the billing-run state machine',
      pattern: { source: ['bss.billing'], 'detail-type': ['BillRunRequested'] },
      target: { kind: 'state-machine', name: 'billing-run' },
    },
    {
      name: 'customer-bill-issued-delivers-bill',
      description: "Every issued bill's document is kept and sent to the customer as it prefers (e-mail with the PDF, or SMS)",
      pattern: { source: ['bss.billing'], 'detail-type': ['CustomerBillIssued'] },
      target: { kind: 'function', name: 'deliver-customer-bill' },
    },
  ],
  schedules: [
    {
      name: 'daily-billing-run',
      // 02:00 UTC: every boundary of the day before (local midnight anywhere from UTC-12 to UTC+14) is at least a few hours past.
      expression: 'cron(0 2 * * ? *)',
      timeZone: 'UTC',
      target: { kind: 'state-machine', name: 'billing-run' },
      input: {},
    },
  ],
};

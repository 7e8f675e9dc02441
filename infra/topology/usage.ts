import { usageBatchSchema, usageCorrectionAccess, usageCreateSchema, usagePatchSchema, usageRecordAccess } from '../../domain/usage/usage.js';
import { usageSummaryExample, usageSummaryPath, usageSummaryProductParameter, usageSummarySchema } from '../../domain/usage/usage-summary.js';
import { idempotencyRecords, queryIndexes, readTable, type BoundedContext, type DynamoDbAction, type PerCallerLimit } from './shared.js';

const usageManagement = '/tmf-api/usageManagement/v4';

/**
 * What ingesting a record does beside the idempotency records: BatchGetItem of products, phone
 * numbers, test clocks and the catalog (and of the repeats); TransactWriteItems of the records,
 * authorized as the PutItem of each; GetItem and UpdateItem of a resting billing schedule that
 * late usage arms again.
 */
const ingestion: DynamoDbAction[] = ['dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'];

/**
 * TMF635 usage: records from mediation feeds and staff, guided to their product and stored
 * rated or rejected (docs/usage.md); billing rates them when it bills the period.
 */
/**
 * A mediation feed is one caller: 1,200 batches a minute is 10,000 records a second, the scale
 * usage is built for (docs/usage.md); 60 a minute held a feed to 500 records a second.
 */
const usageFeedLimit: PerCallerLimit = { requests: 1_200, perSeconds: 60 };

export const usage: BoundedContext = {
  name: 'usage',
  functions: [
    {
      name: 'create-usage',
      entry: 'functions/usage/create-usage.ts',
      description: 'TMF635 POST /usage: guides one record to its product and stores it rated or rejected; a repeat answers the first',
      permissions: [{ resource: 'table', actions: [...idempotencyRecords, 'dynamodb:BatchGetItem'], keys: ['BILLING_ACCOUNT#*', 'IDEMPOTENCY#*', 'OUTBOX#*', 'PHONE_NUMBER#*', 'USAGE#*'] }],
    },
    {
      name: 'ingest-usage-batch',
      entry: 'functions/usage/ingest-usage-batch.ts',
      description: 'POST /usage/v1/usageBatch: up to 500 records of a mediation feed, guided and stored in batches, one outcome per record',
      permissions: [{ resource: 'table', actions: ingestion, keys: ['BILLING_ACCOUNT#*', 'OUTBOX#*', 'PHONE_NUMBER#*', 'USAGE#*'] }],
      // 500 records are a few seconds at most; a throttled table's retries get the rest. 1769 MB is one full vCPU for hashing and guiding.
      timeoutSeconds: 60,
      memoryMb: 1769,
      // Up to 500 records a call: feeds send batches one after another, not by the hundred at once.
      reservedConcurrency: 10,
    },
    {
      name: 'get-usage',
      entry: 'functions/usage/get-usage.ts',
      description: 'TMF635 GET /usage/{id}',
      permissions: [readTable],
    },
    {
      name: 'list-usage',
      entry: 'functions/usage/list-usage.ts',
      description: "TMF635 GET /usage by product, customer or billing account, and staff's rejected records",
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'] }, queryIndexes],
    },
    {
      name: 'get-usage-summary',
      entry: 'functions/usage/get-usage-summary.ts',
      description: "GET /usage/v1/usageSummary: a product's usage against its allowances, per day, for its current and previous billing period",
      // Reads the product, its account, schedule, customer and clock, the catalog (and zone tables), and its records by date (gsi1): nothing is written.
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'] }, queryIndexes],
    },
    {
      name: 'patch-usage',
      entry: 'functions/usage/patch-usage.ts',
      description: 'TMF635 PATCH /usage/{id}: staff correct a rejected record, guided again: replaced in place or recycled into the record of another product',
      permissions: [{ resource: 'table', actions: ingestion, keys: ['BILLING_ACCOUNT#*', 'OUTBOX#*', 'PHONE_NUMBER#*', 'USAGE#*'] }],
    },
  ],
  routes: [
    { method: 'POST', path: `${usageManagement}/usage`, function: 'create-usage', authorized: true, requestBody: usageCreateSchema, writeAccess: usageRecordAccess },
    { method: 'GET', path: `${usageManagement}/usage`, function: 'list-usage', authorized: true },
    { method: 'GET', path: `${usageManagement}/usage/{id}`, function: 'get-usage', authorized: true },
    { method: 'PATCH', path: `${usageManagement}/usage/{id}`, function: 'patch-usage', authorized: true, requestBody: usagePatchSchema, writeAccess: usageCorrectionAccess },
    {
      method: 'GET',
      path: usageSummaryPath,
      function: 'get-usage-summary',
      authorized: true,
      queryParameters: [{ name: usageSummaryProductParameter, description: 'The product whose usage to summarise: one id (a customer names one of its own).', required: true, example: usageSummaryExample.product.id }],
      response: {
        schema: usageSummarySchema,
        example: usageSummaryExample,
        description: 'Per usage price of the product (its allowance or its usage), the allowance, what was used and what is left, and every calendar day of the current and the previous billing period up to asOf',
      },
    },
    { method: 'POST', path: '/usage/v1/usageBatch', function: 'ingest-usage-batch', authorized: true, perCallerLimit: usageFeedLimit, requestBody: usageBatchSchema, writeAccess: usageRecordAccess },
  ],
  stateMachines: [],
  eventRules: [],
  schedules: [],
};

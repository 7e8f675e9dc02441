import type * as z from 'zod';
import { billingAccountCreateSchema, billingAccountPatchSchema } from '../domain/customers/billing-account.js';
import { customerCreateSchema, customerPatchSchema } from '../domain/customers/customer.js';
import { catalogCreateSchema, catalogPatchSchema } from '../domain/catalog/catalog.js';
import { categoryCreateSchema, categoryPatchSchema } from '../domain/catalog/category.js';
import { productOfferingCreateSchema, productOfferingPatchSchema } from '../domain/catalog/product-offering.js';
import { productOfferingPriceCreateSchema, productOfferingPricePatchSchema } from '../domain/catalog/product-offering-price.js';
import { productSpecificationCreateSchema, productSpecificationPatchSchema } from '../domain/catalog/product-specification.js';
import { priceQuoteRequestSchema } from '../domain/pricing/price-quote-request.js';

/**
 * The system's topology, declared once. The CDK app (infra/aws) and the local runtime
 * (infra/local) both read these lists; test/infra/topology-parity.test.ts proves that the
 * synthesized CloudFormation and the local runtime expose the same routes, rules and
 * state machines. Add a use case here and both targets pick it up.
 */

/** The single DynamoDB table: generic keys, overloaded GSIs, stream for the outbox relay. */
export const table = {
  logicalName: 'bss',
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  /** NEW_IMAGE is all the outbox relay needs. */
  streamViewType: 'NEW_IMAGE',
  globalSecondaryIndexes: [
    /** gsi1: every entity of a type, newest first (list endpoints). */
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** gsi2: entities owned by a parent (billing accounts of a customer, ...). */
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export type TableResource = 'table' | 'table-indexes';

/** What a function may do, by resource. CDK turns each into a least-privilege policy statement. */
export type Permission =
  | { resource: TableResource; actions: DynamoDbAction[] }
  | { resource: 'event-bus'; actions: ['events:PutEvents'] }
  | { resource: `state-machine:${string}`; actions: StatesAction[] };

export type DynamoDbAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:Query'
  | 'dynamodb:ConditionCheckItem'
  | 'dynamodb:BatchGetItem';
export type StatesAction = 'states:StartExecution' | 'states:DescribeExecution' | 'states:SendTaskSuccess' | 'states:SendTaskFailure';

/** What a function gets when its definition sets nothing: on AWS and, for the timeout, locally. */
export const functionDefaults = {
  timeoutSeconds: 10,
  /** arm64 at 1 GB: enough CPU for a short cold start, still cheap per request. */
  memoryMb: 1024,
} as const;

export interface FunctionDefinition {
  /** Unique use-case name; also the Lambda function's logical id and the local handler key. */
  name: string;
  /** Handler module relative to the repository root; it exports `handler`. */
  entry: string;
  description: string;
  permissions: Permission[];
  memoryMb?: number;
  timeoutSeconds?: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway resource path, e.g. /tmf-api/customerManagement/v4/customer/{id}. */
  path: string;
  function: string;
  /** false only for public routes such as /health. */
  authorized: boolean;
  /**
   * The body schema of POST/PATCH routes: the handler validates with it, and API Gateway
   * gets it as its request model, so malformed bodies stop at the gateway on AWS.
   */
  requestBody?: z.ZodType;
}

export type RuleTarget = { kind: 'state-machine'; name: string } | { kind: 'function'; name: string };

export interface EventRuleDefinition {
  name: string;
  description: string;
  pattern: Record<string, unknown>;
  target: RuleTarget;
}

export interface StateMachineDefinition {
  name: string;
  /** ASL file under state-machines/, JSONPath mode, every Task with TimeoutSeconds. */
  definitionFile: string;
  /** Functions its Task states invoke, referenced in the ASL as ${<PascalName>FunctionArn}. */
  invokes: string[];
}

/** The ASL substitution key for a function's ARN: open-default-billing-account → OpenDefaultBillingAccountFunctionArn. */
export function functionArnSubstitutionKey(functionName: string): string {
  const pascal = functionName
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
  return `${pascal}FunctionArn`;
}

export interface ScheduleDefinition {
  name: string;
  /** EventBridge Scheduler cron expression, e.g. cron(0 2 * * ? *). */
  expression: string;
  timeZone: string;
  target: RuleTarget;
  input: Record<string, unknown>;
}

const readTable: Permission = { resource: 'table', actions: ['dynamodb:GetItem'] };
const queryIndexes: Permission = { resource: 'table-indexes', actions: ['dynamodb:Query'] };

/** Idempotency records (Powertools persistence layer) live in the same table. */
const idempotencyRecords: DynamoDbAction[] = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

/**
 * The four use cases of a TMF620 resource (create, get, list, patch), one function each:
 * `create-product-offering`, `get-product-offering`, `list-product-offerings`,
 * `patch-product-offering` in functions/catalog/. Writes read the resources they reference
 * (BatchGetItem) before writing the resource and its events in one transaction.
 */
function catalogUseCases(resource: string, plural: string, kind: string, path: string): FunctionDefinition[] {
  const tmf = `TMF620 ${path}`;
  const referenceReads: DynamoDbAction[] = ['dynamodb:GetItem', 'dynamodb:BatchGetItem'];
  return [
    {
      name: `create-${resource}`,
      entry: `functions/catalog/create-${resource}.ts`,
      description: `${tmf} POST: validates references and rules, stores the ${kind} with its events`,
      permissions: [{ resource: 'table', actions: [...idempotencyRecords, 'dynamodb:BatchGetItem'] }],
    },
    {
      name: `get-${resource}`,
      entry: `functions/catalog/get-${resource}.ts`,
      description: `${tmf} GET by id: one key lookup`,
      permissions: [readTable],
    },
    {
      name: `list-${plural}`,
      entry: `functions/catalog/list-${plural}.ts`,
      description: `${tmf} GET list with fields, paging and attribute filters`,
      permissions: [queryIndexes],
    },
    {
      name: `patch-${resource}`,
      entry: `functions/catalog/patch-${resource}.ts`,
      description: `${tmf} PATCH: merge patch with If-Match, lifecycle rules, events`,
      permissions: [{ resource: 'table', actions: [...referenceReads, 'dynamodb:PutItem', 'dynamodb:UpdateItem'] }],
    },
  ];
}

export const functions: FunctionDefinition[] = [
  {
    name: 'health',
    entry: 'functions/platform/health.ts',
    description: 'Liveness answer of the API',
    permissions: [],
  },
  {
    name: 'create-customer',
    entry: 'functions/customers/create-customer.ts',
    description: 'TMF629 POST /customer: registers a customer, reserves its email, emits CustomerCreated',
    permissions: [{ resource: 'table', actions: idempotencyRecords }],
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
    description: 'TMF629 PATCH /customer/{id}: merge patch with If-Match, lifecycle and email changes',
    permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] }],
  },
  {
    name: 'create-billing-account',
    entry: 'functions/billing-accounts/create-billing-account.ts',
    description: 'TMF666 POST /billingAccount: opens an additional billing account for a customer',
    permissions: [{ resource: 'table', actions: [...idempotencyRecords, 'dynamodb:ConditionCheckItem'] }],
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
    description: 'TMF666 PATCH /billingAccount/{id}: merge patch with If-Match and lifecycle',
    permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] }],
  },
  {
    name: 'open-default-billing-account',
    entry: 'functions/billing-accounts/open-default-billing-account.ts',
    description: 'On CustomerCreated: opens the customer default billing account once, emits BillingAccountCreated',
    permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'] }],
  },
  ...catalogUseCases('catalog', 'catalogs', 'Catalog', 'catalog'),
  ...catalogUseCases('category', 'categories', 'Category', 'category'),
  ...catalogUseCases('product-specification', 'product-specifications', 'ProductSpecification', 'productSpecification'),
  ...catalogUseCases('product-offering', 'product-offerings', 'ProductOffering', 'productOffering'),
  ...catalogUseCases('product-offering-price', 'product-offering-prices', 'ProductOfferingPrice', 'productOfferingPrice'),
  {
    name: 'quote-prices',
    entry: 'functions/pricing/quote-prices.ts',
    description: 'POST /pricing/v1/quote: prices a cart with the pricing engine (bundles, discounts, taxes) as of an instant',
    permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'] }],
  },
  {
    name: 'relay-outbox',
    entry: 'functions/platform/relay-outbox.ts',
    description: 'Publishes outbox items from the table stream to the event bus',
    permissions: [{ resource: 'event-bus', actions: ['events:PutEvents'] }],
  },
];

const customerManagement = '/tmf-api/customerManagement/v4';
const accountManagement = '/tmf-api/accountManagement/v4';
const productCatalogManagement = '/tmf-api/productCatalogManagement/v4';

function catalogRoutes(resource: string, plural: string, path: string, createSchema: z.ZodType, patchSchema: z.ZodType): RouteDefinition[] {
  const collection = `${productCatalogManagement}/${path}`;
  return [
    { method: 'POST', path: collection, function: `create-${resource}`, authorized: true, requestBody: createSchema },
    { method: 'GET', path: collection, function: `list-${plural}`, authorized: true },
    { method: 'GET', path: `${collection}/{id}`, function: `get-${resource}`, authorized: true },
    { method: 'PATCH', path: `${collection}/{id}`, function: `patch-${resource}`, authorized: true, requestBody: patchSchema },
  ];
}

export const routes: RouteDefinition[] = [
  { method: 'GET', path: '/health', function: 'health', authorized: false },
  { method: 'POST', path: `${customerManagement}/customer`, function: 'create-customer', authorized: true, requestBody: customerCreateSchema },
  { method: 'GET', path: `${customerManagement}/customer`, function: 'list-customers', authorized: true },
  { method: 'GET', path: `${customerManagement}/customer/{id}`, function: 'get-customer', authorized: true },
  { method: 'PATCH', path: `${customerManagement}/customer/{id}`, function: 'patch-customer', authorized: true, requestBody: customerPatchSchema },
  { method: 'POST', path: `${accountManagement}/billingAccount`, function: 'create-billing-account', authorized: true, requestBody: billingAccountCreateSchema },
  { method: 'GET', path: `${accountManagement}/billingAccount`, function: 'list-billing-accounts', authorized: true },
  { method: 'GET', path: `${accountManagement}/billingAccount/{id}`, function: 'get-billing-account', authorized: true },
  {
    method: 'PATCH',
    path: `${accountManagement}/billingAccount/{id}`,
    function: 'patch-billing-account',
    authorized: true,
    requestBody: billingAccountPatchSchema,
  },
  ...catalogRoutes('catalog', 'catalogs', 'catalog', catalogCreateSchema, catalogPatchSchema),
  ...catalogRoutes('category', 'categories', 'category', categoryCreateSchema, categoryPatchSchema),
  ...catalogRoutes(
    'product-specification',
    'product-specifications',
    'productSpecification',
    productSpecificationCreateSchema,
    productSpecificationPatchSchema,
  ),
  ...catalogRoutes('product-offering', 'product-offerings', 'productOffering', productOfferingCreateSchema, productOfferingPatchSchema),
  ...catalogRoutes(
    'product-offering-price',
    'product-offering-prices',
    'productOfferingPrice',
    productOfferingPriceCreateSchema,
    productOfferingPricePatchSchema,
  ),
  { method: 'POST', path: '/pricing/v1/quote', function: 'quote-prices', authorized: true, requestBody: priceQuoteRequestSchema },
];

export const stateMachines: StateMachineDefinition[] = [
  {
    name: 'open-default-billing-account',
    definitionFile: 'state-machines/open-default-billing-account.asl.json',
    invokes: ['open-default-billing-account'],
  },
];

export const eventRules: EventRuleDefinition[] = [
  {
    name: 'customer-created-opens-default-billing-account',
    description: 'Every new customer gets its default billing account',
    pattern: { source: ['bss.customers'], 'detail-type': ['CustomerCreated'] },
    target: { kind: 'state-machine', name: 'open-default-billing-account' },
  },
];

/** Scheduled billing runs arrive with the billing issue; both targets already read this list. */
export const schedules: ScheduleDefinition[] = [];

/** The stream consumer that relays outbox items; not an API route, wired by both targets. */
export const outboxRelay = {
  function: 'relay-outbox',
  batchSize: 100,
  maximumRetryAttempts: 5,
  maximumRecordAgeSeconds: 3600,
  /** Split a failing batch to isolate a poison record instead of retrying the whole batch. */
  bisectBatchOnError: true,
  /**
   * TRIM_HORIZON, not LATEST: outbox items written while the mapping is (re)created are still
   * published; the duplicates that can cause are harmless, consumers being idempotent.
   */
  startingPosition: 'TRIM_HORIZON',
  /** Event-source-mapping filter (EventBridge pattern syntax): only new outbox items reach the relay. */
  recordFilter: { eventName: ['INSERT'], dynamodb: { NewImage: { entityType: { S: ['OutboxEvent'] } } } },
} as const;

/** Settings every function gets, on AWS as Lambda environment, locally as process environment. */
export const functionEnvironment = {
  POWERTOOLS_SERVICE_NAME: 'bss',
  POWERTOOLS_METRICS_NAMESPACE: 'Bss',
  /** Terms of a new billing account when the customer states no preference. */
  BSS_DEFAULT_CURRENCY: 'EUR',
  BSS_DEFAULT_TIME_ZONE: 'UTC',
  /** Currencies catalog prices may be in; a price in any other is rejected. */
  BSS_CATALOG_CURRENCIES: 'EUR,GBP,USD',
} as const;

export const eventBus = { logicalName: 'bss-events', archiveRetentionDays: 90 } as const;

export function functionNamed(name: string): FunctionDefinition {
  const found = functions.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`Topology names an unknown function: ${name}`);
  return found;
}

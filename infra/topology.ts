import type * as z from 'zod';
import { billingAccountCreateSchema, billingAccountPatchSchema } from '../domain/customers/billing-account.js';
import { customerCreateSchema, customerPatchSchema } from '../domain/customers/customer.js';
import { catalogCreateSchema, catalogPatchSchema } from '../domain/catalog/catalog.js';
import { categoryCreateSchema, categoryPatchSchema } from '../domain/catalog/category.js';
import { productOfferingCreateSchema, productOfferingPatchSchema } from '../domain/catalog/product-offering.js';
import { productOfferingPriceCreateSchema, productOfferingPricePatchSchema } from '../domain/catalog/product-offering-price.js';
import { productSpecificationCreateSchema, productSpecificationPatchSchema } from '../domain/catalog/product-specification.js';
import { priceQuoteRequestSchema } from '../domain/pricing/price-quote-request.js';
import { cancelProductOrderCreateSchema } from '../domain/orders/cancel-product-order.js';
import { productOrderCreateSchema, productOrderPatchSchema } from '../domain/orders/product-order-request.js';
import { provisioningResultSchema } from '../domain/provisioning/provisioning-system.js';
import { stockAdjustmentSchema } from '../domain/inventory/stock-level.js';
import { onboardingCreateSchema } from '../domain/onboarding/onboarding.js';
import { customerCreateAccess, customerPatchAccess } from '../domain/customers/customer-write-access.js';
import { priceQuoteAccess } from '../domain/pricing/price-quote-request.js';
import { productOrderCreateAccess, productOrderPatchAccess } from '../domain/orders/product-order-request.js';
import { cancelProductOrderCreateAccess } from '../domain/orders/cancel-product-order.js';
import { adminWrites, staffWrites, type WriteAccess } from '../domain/shared/write-access.js';

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

/** Task callbacks (SendTaskSuccess/Failure) are authorized per state machine, as StartExecution is. */
const sendTaskResults: StatesAction[] = ['states:SendTaskSuccess', 'states:SendTaskFailure'];

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

interface RouteBase {
  method: HttpMethod;
  /** API Gateway resource path, e.g. /tmf-api/customerManagement/v4/customer/{id}. */
  path: string;
  function: string;
  /** false only for public routes such as /health. */
  authorized: boolean;
}

/**
 * A route with a body names its schema and who may write what of it: the handler validates
 * with the schema and enforces the write access (domain/shared/write-access.ts), and API
 * Gateway gets the schema as its request model, so malformed bodies stop at the gateway on AWS.
 */
export type RouteDefinition = RouteBase & ({ requestBody?: undefined; writeAccess?: undefined } | { requestBody: z.ZodType; writeAccess: WriteAccess });

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

const readWrite: DynamoDbAction[] = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/** TMF622 productOrder and cancelProductOrder: capture, reads, patch, cancellation. */
const orderUseCases: FunctionDefinition[] = [
  {
    name: 'create-product-order',
    entry: 'functions/orders/create-product-order.ts',
    description: 'TMF622 POST /productOrder: validates and prices the order, stores it acknowledged; ProductOrderCreated starts order-to-cash',
    permissions: [{ resource: 'table', actions: [...idempotencyRecords, 'dynamodb:BatchGetItem'] }],
  },
  {
    name: 'get-product-order',
    entry: 'functions/orders/get-product-order.ts',
    description: 'TMF622 GET /productOrder/{id}',
    permissions: [readTable],
  },
  {
    name: 'list-product-orders',
    entry: 'functions/orders/list-product-orders.ts',
    description: 'TMF622 GET /productOrder by customer, state and order date',
    permissions: [queryIndexes],
  },
  {
    name: 'patch-product-order',
    entry: 'functions/orders/patch-product-order.ts',
    description: 'TMF622 PATCH /productOrder/{id}: notes, dates and description while the order is not yet in progress',
    permissions: [{ resource: 'table', actions: readWrite }],
  },
  {
    name: 'create-cancel-product-order',
    entry: 'functions/orders/create-cancel-product-order.ts',
    description: 'TMF622 POST /cancelProductOrder: accepted while nothing is provisioned, refused with the reason after',
    permissions: [{ resource: 'table', actions: idempotencyRecords }],
  },
  {
    name: 'get-cancel-product-order',
    entry: 'functions/orders/get-cancel-product-order.ts',
    description: 'TMF622 GET /cancelProductOrder/{id}',
    permissions: [readTable],
  },
  {
    name: 'list-cancel-product-orders',
    entry: 'functions/orders/list-cancel-product-orders.ts',
    description: 'TMF622 GET /cancelProductOrder',
    permissions: [queryIndexes],
  },
];

/**
 * The Task functions of the order-to-cash state machine (state-machines/order-to-cash.asl.json),
 * in the order the saga runs them, then its compensations. Each is idempotent: Step Functions
 * and EventBridge may deliver twice.
 */
const orderToCashTasks: FunctionDefinition[] = [
  {
    name: 'begin-order',
    entry: 'functions/order-to-cash/begin-order.ts',
    description: 'Order-to-cash: claims the acknowledged order for this execution (inProgress); a duplicate start ends quietly',
    permissions: [{ resource: 'table', actions: readWrite }],
  },
  {
    name: 'reserve-order-stock',
    entry: 'functions/order-to-cash/reserve-order-stock.ts',
    description: 'Order-to-cash: reserves stock for the physical items, all or nothing, with an expiry',
    permissions: [{ resource: 'table', actions: readWrite }, queryIndexes],
  },
  {
    name: 'check-order-credit',
    entry: 'functions/order-to-cash/check-order-credit.ts',
    description: "Order-to-cash: checks the order's recurring charges against the billing account's credit limit",
    permissions: [readTable, queryIndexes],
  },
  {
    name: 'authorize-order-payment',
    entry: 'functions/order-to-cash/authorize-order-payment.ts',
    description: 'Order-to-cash: authorizes the upfront one-time amount through the payment gateway',
    permissions: [{ resource: 'table', actions: readWrite }],
  },
  {
    name: 'confirm-order',
    entry: 'functions/order-to-cash/confirm-order.ts',
    description: 'Order-to-cash: the cancellation gate; past it the items go to provisioning and the order can no longer be cancelled',
    permissions: [{ resource: 'table', actions: readWrite }],
  },
  {
    name: 'request-item-provisioning',
    entry: 'functions/order-to-cash/request-item-provisioning.ts',
    description: 'Order-to-cash: hands one order item to the provisioning system with the task token it calls back with',
    permissions: [
      { resource: 'table', actions: readWrite },
      { resource: 'state-machine:simulated-provisioning-system', actions: ['states:StartExecution'] },
    ],
  },
  {
    name: 'activate-order-products',
    entry: 'functions/order-to-cash/activate-order-products.ts',
    description: 'Order-to-cash: records the provisioned items as TMF637 products (active), fails the others, settles their stock',
    permissions: [{ resource: 'table', actions: [...readWrite, 'dynamodb:BatchGetItem'] }],
  },
  {
    name: 'settle-order-payment',
    entry: 'functions/order-to-cash/settle-order-payment.ts',
    description: "Order-to-cash: captures the authorization as a TMF676 payment and refunds the failed items' upfront share",
    permissions: [{ resource: 'table', actions: readWrite }],
  },
  {
    name: 'close-order',
    entry: 'functions/order-to-cash/close-order.ts',
    description: 'Order-to-cash: puts the order in its final TMF622 state (completed, partial, failed, cancelled) with its events',
    permissions: [{ resource: 'table', actions: readWrite }],
  },
  {
    name: 'release-order-stock',
    entry: 'functions/order-to-cash/release-order-stock.ts',
    description: "Order-to-cash compensation: releases the order's stock reservation",
    permissions: [{ resource: 'table', actions: readWrite }],
  },
  {
    name: 'void-order-payment',
    entry: 'functions/order-to-cash/void-order-payment.ts',
    description: "Order-to-cash compensation: voids the order's payment authorization, if the gateway made one",
    permissions: [{ resource: 'table', actions: readWrite }],
  },
];

const provisioningUseCases: FunctionDefinition[] = [
  {
    name: 'record-provisioning-result',
    entry: 'functions/provisioning/record-provisioning-result.ts',
    description: 'POST /provisioning/v1/provisioningRequest/{id}/result: the provisioning system calls back; resumes the waiting order',
    permissions: [
      { resource: 'table', actions: readWrite },
      { resource: 'state-machine:order-to-cash', actions: sendTaskResults },
    ],
  },
  {
    name: 'run-simulated-provisioning',
    entry: 'functions/provisioning/run-simulated-provisioning.ts',
    description: 'The simulated provisioning system (docs/providers.md): decides the outcome of a request and calls back',
    permissions: [
      { resource: 'table', actions: readWrite },
      { resource: 'state-machine:order-to-cash', actions: sendTaskResults },
    ],
  },
];

/** Stock of physical goods (extension API /inventory/v1): levels and adjustments. */
const stockUseCases: FunctionDefinition[] = [
  {
    name: 'list-stock-levels',
    entry: 'functions/inventory/list-stock-levels.ts',
    description: 'GET /inventory/v1/stockLevel: stock on hand, reserved and available per stock keeping unit',
    permissions: [queryIndexes],
  },
  {
    name: 'get-stock-level',
    entry: 'functions/inventory/get-stock-level.ts',
    description: 'GET /inventory/v1/stockLevel/{sku}',
    permissions: [readTable],
  },
  {
    name: 'adjust-stock-level',
    entry: 'functions/inventory/adjust-stock-level.ts',
    description: 'POST /inventory/v1/stockLevel/{sku}/adjustment: goods in or out of the warehouse',
    permissions: [{ resource: 'table', actions: idempotencyRecords }],
  },
];

/** TMF637 product inventory: what each customer has, as order-to-cash recorded it. */
const productInventoryUseCases: FunctionDefinition[] = [
  {
    name: 'get-product',
    entry: 'functions/product-inventory/get-product.ts',
    description: 'TMF637 GET /product/{id}',
    permissions: [readTable],
  },
  {
    name: 'list-products',
    entry: 'functions/product-inventory/list-products.ts',
    description: 'TMF637 GET /product by customer, billing account and status',
    permissions: [queryIndexes],
  },
];

/** TMF676 payments and refunds, as order-to-cash (and later billing) records them. */
const paymentUseCases: FunctionDefinition[] = [
  { name: 'get-payment', entry: 'functions/payments/get-payment.ts', description: 'TMF676 GET /payment/{id}', permissions: [readTable] },
  { name: 'list-payments', entry: 'functions/payments/list-payments.ts', description: 'TMF676 GET /payment by account', permissions: [queryIndexes] },
  { name: 'get-refund', entry: 'functions/payments/get-refund.ts', description: 'TMF676 GET /refund/{id}', permissions: [readTable] },
  { name: 'list-refunds', entry: 'functions/payments/list-refunds.ts', description: 'TMF676 GET /refund by account', permissions: [queryIndexes] },
];

/** Onboarding (extension API /onboarding/v1): register → credit check → account → first order → welcome. */
const onboardingUseCases: FunctionDefinition[] = [
  {
    name: 'start-onboarding',
    entry: 'functions/onboarding/start-onboarding.ts',
    description: 'POST /onboarding/v1/onboarding: records the application; OnboardingStarted starts the onboarding state machine',
    permissions: [{ resource: 'table', actions: idempotencyRecords }],
  },
  {
    name: 'get-onboarding',
    entry: 'functions/onboarding/get-onboarding.ts',
    description: 'GET /onboarding/v1/onboarding/{id}: the progress of one onboarding',
    permissions: [readTable],
  },
  {
    name: 'register-onboarding-customer',
    entry: 'functions/onboarding/register-onboarding-customer.ts',
    description: 'Onboarding: registers the customer, not yet eligible for a billing account',
    permissions: [{ resource: 'table', actions: readWrite }],
  },
  {
    name: 'check-onboarding-credit',
    entry: 'functions/onboarding/check-onboarding-credit.ts',
    description: "Onboarding: asks the credit bureau and records the decision (credit limit or rejection)",
    permissions: [{ resource: 'table', actions: readWrite }],
  },
  {
    name: 'reject-onboarding',
    entry: 'functions/onboarding/reject-onboarding.ts',
    description: 'Onboarding: the credit check said no; the customer is closed with the reason, no account is opened',
    permissions: [{ resource: 'table', actions: readWrite }],
  },
  {
    name: 'open-onboarding-account',
    entry: 'functions/onboarding/open-onboarding-account.ts',
    description: "Onboarding: validates the customer and opens its billing account with the approved credit limit",
    permissions: [{ resource: 'table', actions: readWrite }],
  },
  {
    name: 'place-onboarding-order',
    entry: 'functions/onboarding/place-onboarding-order.ts',
    description: 'Onboarding: places the first order, which runs order-to-cash',
    permissions: [{ resource: 'table', actions: [...readWrite, 'dynamodb:BatchGetItem'] }],
  },
  {
    name: 'welcome-onboarded-customer',
    entry: 'functions/onboarding/welcome-onboarded-customer.ts',
    description: 'Onboarding: completes the onboarding and emits CustomerWelcomed for the notification channel',
    permissions: [{ resource: 'table', actions: readWrite }],
  },
  {
    name: 'fail-onboarding',
    entry: 'functions/onboarding/fail-onboarding.ts',
    description: "Onboarding: the state machine's Catch; marks the onboarding failed at the running step, with OnboardingFailed",
    permissions: [{ resource: 'table', actions: readWrite }],
  },
];

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
  ...orderUseCases,
  ...orderToCashTasks,
  ...provisioningUseCases,
  ...stockUseCases,
  ...productInventoryUseCases,
  ...paymentUseCases,
  ...onboardingUseCases,
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
const productOrderingManagement = '/tmf-api/productOrderingManagement/v4';
const productInventory = '/tmf-api/productInventory/v4';
const paymentManagement = '/tmf-api/paymentManagement/v4';

function catalogRoutes(resource: string, plural: string, path: string, createSchema: z.ZodType, patchSchema: z.ZodType): RouteDefinition[] {
  const collection = `${productCatalogManagement}/${path}`;
  return [
    { method: 'POST', path: collection, function: `create-${resource}`, authorized: true, requestBody: createSchema, writeAccess: adminWrites },
    { method: 'GET', path: collection, function: `list-${plural}`, authorized: true },
    { method: 'GET', path: `${collection}/{id}`, function: `get-${resource}`, authorized: true },
    { method: 'PATCH', path: `${collection}/{id}`, function: `patch-${resource}`, authorized: true, requestBody: patchSchema, writeAccess: adminWrites },
  ];
}

export const routes: RouteDefinition[] = [
  { method: 'GET', path: '/health', function: 'health', authorized: false },
  { method: 'POST', path: `${customerManagement}/customer`, function: 'create-customer', authorized: true, requestBody: customerCreateSchema, writeAccess: customerCreateAccess },
  { method: 'GET', path: `${customerManagement}/customer`, function: 'list-customers', authorized: true },
  { method: 'GET', path: `${customerManagement}/customer/{id}`, function: 'get-customer', authorized: true },
  { method: 'PATCH', path: `${customerManagement}/customer/{id}`, function: 'patch-customer', authorized: true, requestBody: customerPatchSchema, writeAccess: customerPatchAccess },
  { method: 'POST', path: `${accountManagement}/billingAccount`, function: 'create-billing-account', authorized: true, requestBody: billingAccountCreateSchema, writeAccess: staffWrites },
  { method: 'GET', path: `${accountManagement}/billingAccount`, function: 'list-billing-accounts', authorized: true },
  { method: 'GET', path: `${accountManagement}/billingAccount/{id}`, function: 'get-billing-account', authorized: true },
  {
    method: 'PATCH',
    path: `${accountManagement}/billingAccount/{id}`,
    function: 'patch-billing-account',
    authorized: true,
    requestBody: billingAccountPatchSchema,
    writeAccess: staffWrites,
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
  { method: 'POST', path: '/pricing/v1/quote', function: 'quote-prices', authorized: true, requestBody: priceQuoteRequestSchema, writeAccess: priceQuoteAccess },
  { method: 'POST', path: `${productOrderingManagement}/productOrder`, function: 'create-product-order', authorized: true, requestBody: productOrderCreateSchema, writeAccess: productOrderCreateAccess },
  { method: 'GET', path: `${productOrderingManagement}/productOrder`, function: 'list-product-orders', authorized: true },
  { method: 'GET', path: `${productOrderingManagement}/productOrder/{id}`, function: 'get-product-order', authorized: true },
  { method: 'PATCH', path: `${productOrderingManagement}/productOrder/{id}`, function: 'patch-product-order', authorized: true, requestBody: productOrderPatchSchema, writeAccess: productOrderPatchAccess },
  {
    method: 'POST',
    path: `${productOrderingManagement}/cancelProductOrder`,
    function: 'create-cancel-product-order',
    authorized: true,
    requestBody: cancelProductOrderCreateSchema,
    writeAccess: cancelProductOrderCreateAccess,
  },
  { method: 'GET', path: `${productOrderingManagement}/cancelProductOrder`, function: 'list-cancel-product-orders', authorized: true },
  { method: 'GET', path: `${productOrderingManagement}/cancelProductOrder/{id}`, function: 'get-cancel-product-order', authorized: true },
  {
    method: 'POST',
    path: '/provisioning/v1/provisioningRequest/{id}/result',
    function: 'record-provisioning-result',
    authorized: true,
    requestBody: provisioningResultSchema,
    writeAccess: staffWrites,
  },
  { method: 'GET', path: '/inventory/v1/stockLevel', function: 'list-stock-levels', authorized: true },
  { method: 'GET', path: '/inventory/v1/stockLevel/{sku}', function: 'get-stock-level', authorized: true },
  { method: 'POST', path: '/inventory/v1/stockLevel/{sku}/adjustment', function: 'adjust-stock-level', authorized: true, requestBody: stockAdjustmentSchema, writeAccess: staffWrites },
  { method: 'GET', path: `${productInventory}/product`, function: 'list-products', authorized: true },
  { method: 'GET', path: `${productInventory}/product/{id}`, function: 'get-product', authorized: true },
  { method: 'GET', path: `${paymentManagement}/payment`, function: 'list-payments', authorized: true },
  { method: 'GET', path: `${paymentManagement}/payment/{id}`, function: 'get-payment', authorized: true },
  { method: 'GET', path: `${paymentManagement}/refund`, function: 'list-refunds', authorized: true },
  { method: 'GET', path: `${paymentManagement}/refund/{id}`, function: 'get-refund', authorized: true },
  { method: 'POST', path: '/onboarding/v1/onboarding', function: 'start-onboarding', authorized: true, requestBody: onboardingCreateSchema, writeAccess: staffWrites },
  { method: 'GET', path: '/onboarding/v1/onboarding/{id}', function: 'get-onboarding', authorized: true },
];

export const stateMachines: StateMachineDefinition[] = [
  {
    name: 'open-default-billing-account',
    definitionFile: 'state-machines/open-default-billing-account.asl.json',
    invokes: ['open-default-billing-account'],
  },
  {
    name: 'order-to-cash',
    definitionFile: 'state-machines/order-to-cash.asl.json',
    invokes: orderToCashTasks.map((task) => task.name),
  },
  {
    name: 'simulated-provisioning-system',
    definitionFile: 'state-machines/simulated-provisioning-system.asl.json',
    invokes: ['run-simulated-provisioning'],
  },
  {
    name: 'onboarding',
    definitionFile: 'state-machines/onboarding.asl.json',
    invokes: [
      'register-onboarding-customer',
      'check-onboarding-credit',
      'reject-onboarding',
      'open-onboarding-account',
      'place-onboarding-order',
      'welcome-onboarded-customer',
      'fail-onboarding',
    ],
  },
];

export const eventRules: EventRuleDefinition[] = [
  {
    name: 'customer-created-opens-default-billing-account',
    description: 'Every new customer gets its default billing account, except one under credit check in an onboarding, which gets it once approved',
    pattern: { source: ['bss.customers'], 'detail-type': ['CustomerCreated'], detail: { data: { onboardingId: [{ exists: false }] } } },
    target: { kind: 'state-machine', name: 'open-default-billing-account' },
  },
  {
    name: 'product-order-created-runs-order-to-cash',
    description: 'Every captured order runs through the order-to-cash saga',
    pattern: { source: ['bss.orders'], 'detail-type': ['ProductOrderCreated'] },
    target: { kind: 'state-machine', name: 'order-to-cash' },
  },
  {
    name: 'onboarding-started-runs-onboarding',
    description: 'Every onboarding application runs through the onboarding state machine',
    pattern: { source: ['bss.onboarding'], 'detail-type': ['OnboardingStarted'] },
    target: { kind: 'state-machine', name: 'onboarding' },
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
  /** How long order-to-cash waits for the provisioning system's callback before it fails the item. */
  BSS_PROVISIONING_TIMEOUT_SECONDS: '3600',
  /** How long stock stays reserved for an order that never settles it (a crashed saga); expired reservations are released lazily. */
  BSS_STOCK_RESERVATION_MINUTES: '60',
  /** The simulated provisioning system's answer delay (docs/providers.md). */
  BSS_SIMULATED_PROVISIONING_DELAY_SECONDS: '2',
} as const;

export const eventBus = { logicalName: 'bss-events', archiveRetentionDays: 90 } as const;

/** The environment variable that gives a function the ARN of a state machine it starts: BSS_STATE_MACHINE_ARN_SIMULATED_PROVISIONING_SYSTEM. */
export function stateMachineArnVariable(stateMachineName: string): string {
  return `BSS_STATE_MACHINE_ARN_${stateMachineName.replaceAll('-', '_').toUpperCase()}`;
}

/** The state machines a function may start (its states:StartExecution permissions), by name. */
export function startedStateMachines(definition: FunctionDefinition): string[] {
  return definition.permissions.flatMap((permission) =>
    permission.resource.startsWith('state-machine:') && (permission.actions as string[]).includes('states:StartExecution')
      ? [permission.resource.slice('state-machine:'.length)]
      : [],
  );
}

export function functionNamed(name: string): FunctionDefinition {
  const found = functions.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`Topology names an unknown function: ${name}`);
  return found;
}

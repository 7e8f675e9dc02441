import { cancelProductOrderCreateAccess, cancelProductOrderCreateSchema } from '../../domain/orders/cancel-product-order.js';
import { productOrderCreateAccess, productOrderCreateSchema, productOrderPatchAccess, productOrderPatchSchema } from '../../domain/orders/product-order-request.js';
import { idempotencyRecords, queryIndexes, readTable, readWrite, type BoundedContext, type FunctionDefinition } from './shared.js';

const productOrderingManagement = '/tmf-api/productOrderingManagement/v4';

/** TMF622 productOrder and cancelProductOrder: capture, reads, patch, cancellation. */
const orderUseCases: FunctionDefinition[] = [
  {
    name: 'create-product-order',
    entry: 'functions/orders/create-product-order.ts',
    description: 'TMF622 POST /productOrder: validates and prices the order, stores it acknowledged; ProductOrderCreated starts order-to-cash',
    permissions: [{ resource: 'table', actions: [...idempotencyRecords, 'dynamodb:BatchGetItem'], keys: ['CANCEL_PRODUCT_ORDER#*', 'CUSTOMER#*', 'IDEMPOTENCY#*', 'OUTBOX#*', 'PRODUCT_ORDER#*'] }],
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
    permissions: [{ resource: 'table', actions: readWrite, keys: ['CANCEL_PRODUCT_ORDER#*', 'OUTBOX#*', 'PRODUCT_ORDER#*'] }],
  },
  {
    name: 'create-cancel-product-order',
    entry: 'functions/orders/create-cancel-product-order.ts',
    description: 'TMF622 POST /cancelProductOrder: accepted while nothing is provisioned, refused with the reason after',
    permissions: [{ resource: 'table', actions: idempotencyRecords, keys: ['CANCEL_PRODUCT_ORDER#*', 'IDEMPOTENCY#*', 'OUTBOX#*', 'PRODUCT_ORDER#*'] }],
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
    permissions: [{ resource: 'table', actions: readWrite, keys: ['CANCEL_PRODUCT_ORDER#*', 'OUTBOX#*', 'PRODUCT_ORDER#*'] }],
  },
  {
    name: 'reserve-order-stock',
    entry: 'functions/order-to-cash/reserve-order-stock.ts',
    description: 'Order-to-cash: reserves stock for the physical items, all or nothing, with an expiry',
    permissions: [{ resource: 'table', actions: readWrite, keys: ['CANCEL_PRODUCT_ORDER#*', 'OUTBOX#*', 'PRODUCT_ORDER#*', 'STOCK#*'] }, queryIndexes],
  },
  {
    name: 'check-order-credit',
    entry: 'functions/order-to-cash/check-order-credit.ts',
    description: "Order-to-cash: checks the order's recurring charges against the billing account's credit limit and holds them against it",
    permissions: [{ resource: 'table', actions: readWrite, keys: ['BILLING_ACCOUNT#*', 'CANCEL_PRODUCT_ORDER#*', 'OUTBOX#*', 'PRODUCT_ORDER#*'] }, queryIndexes],
  },
  {
    name: 'authorize-order-payment',
    entry: 'functions/order-to-cash/authorize-order-payment.ts',
    description: 'Order-to-cash: authorizes the upfront one-time amount through the payment gateway',
    permissions: [{ resource: 'table', actions: readWrite, keys: ['CANCEL_PRODUCT_ORDER#*', 'OUTBOX#*', 'PRODUCT_ORDER#*', 'SIMULATED_GATEWAY#*'] }],
  },
  {
    name: 'confirm-order',
    entry: 'functions/order-to-cash/confirm-order.ts',
    description: 'Order-to-cash: the cancellation gate; past it the items go to provisioning and the order can no longer be cancelled',
    permissions: [{ resource: 'table', actions: readWrite, keys: ['CANCEL_PRODUCT_ORDER#*', 'OUTBOX#*', 'PRODUCT_ORDER#*'] }],
  },
  {
    name: 'request-item-provisioning',
    entry: 'functions/order-to-cash/request-item-provisioning.ts',
    description: 'Order-to-cash: hands one order item to the provisioning system with the task token it calls back with',
    permissions: [
      { resource: 'table', actions: readWrite, keys: ['CANCEL_PRODUCT_ORDER#*', 'OUTBOX#*', 'PRODUCT_ORDER#*', 'PROVISIONING_REQUEST#*'] },
      { resource: 'state-machine:simulated-provisioning-system', actions: ['states:StartExecution'] },
    ],
  },
  {
    name: 'activate-order-products',
    entry: 'functions/order-to-cash/activate-order-products.ts',
    description: 'Order-to-cash: records the provisioned items as TMF637 products (active), fails the others, settles their stock',
    permissions: [{ resource: 'table', actions: [...readWrite, 'dynamodb:BatchGetItem'], keys: ['BILLING_ACCOUNT#*', 'CANCEL_PRODUCT_ORDER#*', 'OUTBOX#*', 'PHONE_NUMBER#*', 'PRODUCT#*', 'PRODUCT_ORDER#*', 'STOCK#*'] }],
  },
  {
    name: 'settle-order-payment',
    entry: 'functions/order-to-cash/settle-order-payment.ts',
    description: "Order-to-cash: captures the authorization as a TMF676 payment and refunds the failed items' upfront share",
    permissions: [{ resource: 'table', actions: readWrite, keys: ['CANCEL_PRODUCT_ORDER#*', 'OUTBOX#*', 'PAYMENT#*', 'PRODUCT_ORDER#*', 'REFUND#*', 'SIMULATED_GATEWAY#*'] }],
  },
  {
    name: 'issue-order-bill',
    entry: 'functions/order-to-cash/issue-order-bill.ts',
    description: "Order-to-cash: bills the delivered items' one-time charges offCycle, numbered and settled by the order's payment",
    permissions: [{ resource: 'table', actions: [...readWrite, 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'], keys: ['BILL#*', 'BILLING_ACCOUNT#*', 'BILL_SERIES#*', 'CANCEL_PRODUCT_ORDER#*', 'CUSTOMER#*', 'OUTBOX#*', 'PRODUCT#*', 'PRODUCT_ORDER#*', 'USAGE#*'] }],
  },
  {
    name: 'close-order',
    entry: 'functions/order-to-cash/close-order.ts',
    description: 'Order-to-cash: puts the order in its final TMF622 state (completed, partial, failed, cancelled) with its events, releasing its credit hold',
    permissions: [{ resource: 'table', actions: readWrite, keys: ['BILLING_ACCOUNT#*', 'CANCEL_PRODUCT_ORDER#*', 'OUTBOX#*', 'PRODUCT_ORDER#*'] }],
  },
  {
    name: 'release-order-stock',
    entry: 'functions/order-to-cash/release-order-stock.ts',
    description: "Order-to-cash compensation: releases the order's stock reservation",
    permissions: [{ resource: 'table', actions: readWrite, keys: ['PRODUCT_ORDER#*', 'STOCK#*'] }],
  },
  {
    name: 'void-order-payment',
    entry: 'functions/order-to-cash/void-order-payment.ts',
    description: "Order-to-cash compensation: voids the order's payment authorization, if the gateway made one",
    permissions: [{ resource: 'table', actions: readWrite, keys: ['CANCEL_PRODUCT_ORDER#*', 'OUTBOX#*', 'PRODUCT_ORDER#*', 'SIMULATED_GATEWAY#*'] }],
  },
];

/**
 * TMF622 product orders and the order-to-cash saga that every captured order runs through.
 * The saga's tasks live here with their state machine, which invokes only its own context's
 * functions; it reaches provisioning and is resumed by it through state machine ARNs.
 */
export const orders: BoundedContext = {
  name: 'orders',
  functions: [...orderUseCases, ...orderToCashTasks],
  routes: [
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
  ],
  stateMachines: [
    {
      name: 'order-to-cash',
      definitionFile: 'state-machines/order-to-cash.asl.json',
      invokes: orderToCashTasks.map((task) => task.name),
    },
  ],
  eventRules: [
    {
      name: 'product-order-created-runs-order-to-cash',
      description: 'Every captured order runs through the order-to-cash saga',
      pattern: { source: ['bss.orders'], 'detail-type': ['ProductOrderCreated'] },
      target: { kind: 'state-machine', name: 'order-to-cash' },
    },
  ],
  schedules: [],
};

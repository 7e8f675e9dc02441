import { queryIndexes, type BoundedContext } from './shared.js';

const productInventoryApi = '/tmf-api/productInventory/v4';

/** TMF637 product inventory: what each customer has, as order-to-cash recorded it. */
export const productInventory: BoundedContext = {
  name: 'product-inventory',
  functions: [
    {
      name: 'get-product',
      entry: 'functions/product-inventory/get-product.ts',
      description: 'TMF637 GET /product/{id}',
      // The product, and for one with a promotion its account's billing schedule (the time zone that dates it).
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'] }],
    },
    {
      name: 'list-products',
      entry: 'functions/product-inventory/list-products.ts',
      description: 'TMF637 GET /product by customer, billing account and status',
      // The page from an index, and the billing schedules of its accounts with promotions to date.
      permissions: [queryIndexes, { resource: 'table', actions: ['dynamodb:BatchGetItem'] }],
    },
  ],
  routes: [
    { method: 'GET', path: `${productInventoryApi}/product`, function: 'list-products', authorized: true },
    { method: 'GET', path: `${productInventoryApi}/product/{id}`, function: 'get-product', authorized: true },
  ],
  stateMachines: [],
  eventRules: [],
  schedules: [],
};

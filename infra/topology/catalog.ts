import type * as z from '../../domain/shared/zod.js';
import { catalogCreateSchema, catalogPatchSchema } from '../../domain/catalog/catalog.js';
import { categoryCreateSchema, categoryPatchSchema } from '../../domain/catalog/category.js';
import { productOfferingCreateSchema, productOfferingPatchSchema } from '../../domain/catalog/product-offering.js';
import { productOfferingPriceCreateSchema, productOfferingPricePatchSchema } from '../../domain/catalog/product-offering-price.js';
import { productSpecificationCreateSchema, productSpecificationPatchSchema } from '../../domain/catalog/product-specification.js';
import { adminWrites } from '../../domain/shared/write-access.js';
import { zoneTableFunctions, zoneTableRoutes } from './zone-tables.js';
import { idempotencyRecords, queryIndexes, readTable, type BoundedContext, type DynamoDbAction, type FunctionDefinition, type KeyPrefix, type RouteDefinition } from './shared.js';

const productCatalogManagement = '/tmf-api/productCatalogManagement/v4';

/**
 * The four use cases of a TMF620 resource (create, get, list, patch), one function each:
 * `create-product-offering`, `get-product-offering`, `list-product-offerings`,
 * `patch-product-offering` in functions/catalog/. Writes read the resources they reference
 * (BatchGetItem) before writing the resource and its events in one transaction.
 */
function catalogUseCases(resource: string, plural: string, kind: string, path: string): FunctionDefinition[] {
  const tmf = `TMF620 ${path}`;
  const referenceReads: DynamoDbAction[] = ['dynamodb:GetItem', 'dynamodb:BatchGetItem'];
  // functions/catalog/catalog-http.ts (and catalog-create-use-case.ts) serve the five kinds with
  // one store module whose kind is chosen at run time, so each kind's writes are granted the five
  // partitions (docs/security.md).
  const catalogKeys: KeyPrefix[] = ['CATALOG#*', 'CATEGORY#*', 'PRODUCT_SPECIFICATION#*', 'PRODUCT_OFFERING#*', 'PRODUCT_OFFERING_PRICE#*', 'OUTBOX#*'];
  return [
    {
      name: `create-${resource}`,
      entry: `functions/catalog/create-${resource}.ts`,
      description: `${tmf} POST: validates references and rules, stores the ${kind} with its events`,
      permissions: [{ resource: 'table', actions: [...idempotencyRecords, 'dynamodb:BatchGetItem'], keys: [...catalogKeys, 'IDEMPOTENCY#*'] }],
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
      permissions: [{ resource: 'table', actions: [...referenceReads, 'dynamodb:PutItem', 'dynamodb:UpdateItem'], keys: catalogKeys }],
    },
  ];
}

/**
 * TMF620 DELETE of the resources the conformance profile makes deletable: removes what was
 * never on sale, retires what is, 409 while something refers to it (catalog-removal.ts). The
 * referrers are read with one gsi1 Query per referring kind, projected.
 */
function catalogDeleteUseCase(resource: string, kind: string, path: string): FunctionDefinition {
  const catalogKeys: KeyPrefix[] = ['CATALOG#*', 'CATEGORY#*', 'PRODUCT_SPECIFICATION#*', 'PRODUCT_OFFERING#*', 'PRODUCT_OFFERING_PRICE#*', 'OUTBOX#*'];
  return {
    name: `delete-${resource}`,
    entry: `functions/catalog/delete-${resource}.ts`,
    description: `TMF620 ${path} DELETE: removes a ${kind} never on sale, retires one on sale, 409 while referenced`,
    permissions: [
      queryIndexes,
      { resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], keys: catalogKeys },
    ],
  };
}

const deleteRoute = (resource: string, path: string): RouteDefinition => ({
  method: 'DELETE',
  path: `${productCatalogManagement}/${path}/{id}`,
  function: `delete-${resource}`,
  authorized: true,
  ifMatch: true,
});

function catalogRoutes(resource: string, plural: string, path: string, createSchema: z.ZodMiniType, patchSchema: z.ZodMiniType): RouteDefinition[] {
  const collection = `${productCatalogManagement}/${path}`;
  return [
    { method: 'POST', path: collection, function: `create-${resource}`, authorized: true, requestBody: createSchema, writeAccess: adminWrites },
    { method: 'GET', path: collection, function: `list-${plural}`, authorized: true },
    { method: 'GET', path: `${collection}/{id}`, function: `get-${resource}`, authorized: true },
    { method: 'PATCH', path: `${collection}/{id}`, function: `patch-${resource}`, authorized: true, requestBody: patchSchema, writeAccess: adminWrites },
  ];
}

/** The TMF620 product catalog: catalogs, categories, specifications, offerings and their prices; and the zone tables rating reads. */
export const catalog: BoundedContext = {
  name: 'catalog',
  functions: [
    ...catalogUseCases('catalog', 'catalogs', 'Catalog', 'catalog'),
    ...catalogUseCases('category', 'categories', 'Category', 'category'),
    ...catalogUseCases('product-specification', 'product-specifications', 'ProductSpecification', 'productSpecification'),
    ...catalogUseCases('product-offering', 'product-offerings', 'ProductOffering', 'productOffering'),
    ...catalogUseCases('product-offering-price', 'product-offering-prices', 'ProductOfferingPrice', 'productOfferingPrice'),
    catalogDeleteUseCase('product-specification', 'ProductSpecification', 'productSpecification'),
    catalogDeleteUseCase('product-offering', 'ProductOffering', 'productOffering'),
    catalogDeleteUseCase('product-offering-price', 'ProductOfferingPrice', 'productOfferingPrice'),
    ...zoneTableFunctions,
  ],
  routes: [
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
    deleteRoute('product-specification', 'productSpecification'),
    deleteRoute('product-offering', 'productOffering'),
    deleteRoute('product-offering-price', 'productOfferingPrice'),
    ...zoneTableRoutes,
  ],
  stateMachines: [],
  eventRules: [],
  schedules: [],
};

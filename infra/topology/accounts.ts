import { billFormatCreateSchema, billFormatPatchSchema, billPresentationMediaCreateSchema, billPresentationMediaPatchSchema } from '../../domain/accounts/bill-presentation.js';
import { billingCycleSpecificationCreateSchema, billingCycleSpecificationPatchSchema } from '../../domain/accounts/billing-cycle-specification.js';
import {
  financialAccountCreateSchema,
  financialAccountPatchSchema,
  partyAccountCreateSchema,
  partyAccountPatchSchema,
  settlementAccountCreateSchema,
  settlementAccountPatchSchema,
} from '../../domain/accounts/party-account.js';
import { accountManagementPath } from '../../domain/accounts/account-record.js';
import type * as z from '../../domain/shared/zod.js';
import { staffWrites } from '../../domain/shared/write-access.js';
import { idempotencyRecords, queryIndexes, readTable, type BoundedContext, type FunctionDefinition, type KeyPrefix, type RouteDefinition } from './shared.js';

/**
 * The TMF666 resources beside billingAccount (docs/api.md, "Account management"): billing
 * cycle specifications, bill formats and presentation media (what billing accounts bill on
 * and how their bills are rendered and delivered) and the accounts of parties (financial,
 * party and settlement accounts). Five use cases per resource, one function each
 * (`create-bill-format`, `get-bill-format`, `list-bill-formats`, `patch-bill-format`,
 * `delete-bill-format`), served by functions/accounts/account-record-http.ts (creation by
 * account-record-create-use-case.ts, with idempotency records) with one store
 * module whose kind is chosen at run time, so each kind's writes are granted the one
 * ACCOUNT_RECORD partition prefix. Staff only (functions/lib/auth/route-access.ts).
 */
const recordKeys: KeyPrefix[] = ['ACCOUNT_RECORD#*'];

interface RecordResource {
  /** kebab-case: `bill-format`. */
  resource: string;
  /** The list function's suffix: `bill-formats`. */
  plural: string;
  /** TMF666 path segment: `billFormat`. */
  path: string;
  createSchema: z.ZodMiniType;
  patchSchema: z.ZodMiniType;
}

const resources: RecordResource[] = [
  { resource: 'billing-cycle-specification', plural: 'billing-cycle-specifications', path: 'billingCycleSpecification', createSchema: billingCycleSpecificationCreateSchema, patchSchema: billingCycleSpecificationPatchSchema },
  { resource: 'bill-format', plural: 'bill-formats', path: 'billFormat', createSchema: billFormatCreateSchema, patchSchema: billFormatPatchSchema },
  { resource: 'bill-presentation-media', plural: 'bill-presentation-media-list', path: 'billPresentationMedia', createSchema: billPresentationMediaCreateSchema, patchSchema: billPresentationMediaPatchSchema },
  { resource: 'financial-account', plural: 'financial-accounts', path: 'financialAccount', createSchema: financialAccountCreateSchema, patchSchema: financialAccountPatchSchema },
  { resource: 'party-account', plural: 'party-accounts', path: 'partyAccount', createSchema: partyAccountCreateSchema, patchSchema: partyAccountPatchSchema },
  { resource: 'settlement-account', plural: 'settlement-accounts', path: 'settlementAccount', createSchema: settlementAccountCreateSchema, patchSchema: settlementAccountPatchSchema },
];

function recordFunctions({ resource, plural, path }: RecordResource): FunctionDefinition[] {
  const tmf = `TMF666 ${path}`;
  return [
    {
      name: `create-${resource}`,
      entry: `functions/accounts/create-${resource}.ts`,
      description: `${tmf} POST: validates it (and the financial account an account of a party names), stores it`,
      // TransactWriteItems: a party or settlement account is counted on the financial account it names.
      permissions: [{ resource: 'table', actions: [...idempotencyRecords, 'dynamodb:ConditionCheckItem'], keys: [...recordKeys, 'IDEMPOTENCY#*'] }],
    },
    { name: `get-${resource}`, entry: `functions/accounts/get-${resource}.ts`, description: `${tmf} GET by id: a built-in one or one key lookup`, permissions: [readTable] },
    { name: `list-${plural}`, entry: `functions/accounts/list-${plural}.ts`, description: `${tmf} GET list: the built-in ones, then the stored ones, with fields, paging and filters`, permissions: [queryIndexes] },
    {
      name: `patch-${resource}`,
      entry: `functions/accounts/patch-${resource}.ts`,
      description: `${tmf} PATCH: merge patch with If-Match; built-in ones 409`,
      permissions: [{ resource: 'table', actions: idempotencyRecords, keys: recordKeys }],
    },
    {
      name: `delete-${resource}`,
      entry: `functions/accounts/delete-${resource}.ts`,
      description: `${tmf} DELETE: 409 while a billing account (or an account of a party) refers to it, and for built-in ones`,
      permissions: [{ resource: 'table', actions: idempotencyRecords, keys: recordKeys }],
    },
  ];
}

function recordRoutes({ resource, plural, path, createSchema, patchSchema }: RecordResource): RouteDefinition[] {
  const collection = `${accountManagementPath}/${path}`;
  return [
    { method: 'POST', path: collection, function: `create-${resource}`, authorized: true, requestBody: createSchema, writeAccess: staffWrites },
    { method: 'GET', path: collection, function: `list-${plural}`, authorized: true },
    { method: 'GET', path: `${collection}/{id}`, function: `get-${resource}`, authorized: true },
    { method: 'PATCH', path: `${collection}/{id}`, function: `patch-${resource}`, authorized: true, requestBody: patchSchema, writeAccess: staffWrites },
    { method: 'DELETE', path: `${collection}/{id}`, function: `delete-${resource}`, authorized: true, ifMatch: true },
  ];
}

export const accounts: BoundedContext = {
  name: 'accounts',
  functions: resources.flatMap(recordFunctions),
  routes: resources.flatMap(recordRoutes),
  stateMachines: [],
  eventRules: [],
  schedules: [],
};

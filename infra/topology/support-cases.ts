import { SupportCaseOpened, SupportCaseStatusChanged } from '../../domain/events/support-case-events.js';
import { supportCasePatchSchema } from '../../domain/support-cases/case-update.js';
import { supportCaseCreateSchema } from '../../domain/support-cases/support-case.js';
import { supportCaseCreateAccess, supportCasePatchAccess } from '../../domain/support-cases/support-case-write-access.js';
import { idempotencyRecords, queryIndexes, readTable, readWrite, type BoundedContext } from './shared.js';

const troubleTicket = '/tmf-api/troubleTicket/v4';

/**
 * TMF621 support cases (docs/support-cases.md): customers open cases about their products and
 * bills and talk with the agents through notes; agents work them through the lifecycle. Every
 * case opened and every status change is an e-mail to the customer.
 */
export const supportCases: BoundedContext = {
  name: 'support-cases',
  functions: [
    {
      name: 'open-support-case',
      entry: 'functions/support-cases/open-support-case.ts',
      // GetItem of the customer, its test clock and the bills named; BatchGetItem of the products; the case and its event in one transaction (PutItem each).
      description: 'TMF621 POST /troubleTicket: a customer (or staff for one) opens a case about its products or bills, at the customer\'s instant',
      permissions: [{ resource: 'table', actions: [...idempotencyRecords, 'dynamodb:BatchGetItem'], keys: ['CUSTOMER#*', 'IDEMPOTENCY#*', 'OUTBOX#*', 'SUPPORT_CASE#*'] }],
    },
    {
      name: 'get-support-case',
      entry: 'functions/support-cases/get-support-case.ts',
      description: 'TMF621 GET /troubleTicket/{id}',
      permissions: [readTable],
    },
    {
      name: 'list-support-cases',
      entry: 'functions/support-cases/list-support-cases.ts',
      description: 'TMF621 GET /troubleTicket: a customer\'s cases, the cases in a status, or all, by age',
      permissions: [queryIndexes],
    },
    {
      name: 'update-support-case',
      entry: 'functions/support-cases/update-support-case.ts',
      // GetItem of the case and the test clock; the versioned UpdateItem of the case and the PutItem of its events in one transaction.
      description: 'TMF621 PATCH /troubleTicket/{id}: status changes by the lifecycle\'s rules, notes added, staff attributes',
      permissions: [{ resource: 'table', actions: readWrite, keys: ['OUTBOX#*', 'SUPPORT_CASE#*'] }],
    },
    {
      name: 'notify-customer-of-support-case',
      entry: 'functions/support-cases/notify-customer-of-support-case.ts',
      description: 'E-mails the customer when its case is opened and at each status change, once per event, through the notification port',
      permissions: [{ resource: 'table', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], keys: ['COMMUNICATION_MESSAGE#*', 'CUSTOMER#*', 'OUTBOX#*'] }],
    },
  ],
  routes: [
    { method: 'POST', path: `${troubleTicket}/troubleTicket`, function: 'open-support-case', authorized: true, requestBody: supportCaseCreateSchema, writeAccess: supportCaseCreateAccess },
    { method: 'GET', path: `${troubleTicket}/troubleTicket`, function: 'list-support-cases', authorized: true },
    { method: 'GET', path: `${troubleTicket}/troubleTicket/{id}`, function: 'get-support-case', authorized: true },
    { method: 'PATCH', path: `${troubleTicket}/troubleTicket/{id}`, function: 'update-support-case', authorized: true, requestBody: supportCasePatchSchema, writeAccess: supportCasePatchAccess },
  ],
  stateMachines: [],
  eventRules: [
    {
      name: 'support-case-changes-tell-the-customer',
      description: 'A case opened, and every status change of it, is an e-mail to its customer through the notification port',
      pattern: { source: [SupportCaseOpened.source], 'detail-type': [SupportCaseOpened.detailType, SupportCaseStatusChanged.detailType] },
      target: { kind: 'function', name: 'notify-customer-of-support-case' },
    },
  ],
  schedules: [],
};

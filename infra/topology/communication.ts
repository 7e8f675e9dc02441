import { communicationMessageCreateAccess, communicationMessageCreateSchema } from '../../domain/communication/communication-message-request.js';
import { idempotencyRecords, queryIndexes, readTable, readWrite, type Permission, type BoundedContext } from './shared.js';

const communicationManagement = '/tmf-api/communicationManagement/v4';

/**
 * What a function that sends notifications through the simulated sender needs: a conditional
 * put of the CommunicationMessage, whose refusal returns the item already there (docs/communication.md).
 */
export const recordCommunicationMessages: Permission = { resource: 'table', actions: ['dynamodb:PutItem'], keys: ['COMMUNICATION_MESSAGE#*'] };

/** TMF681 communication messages: what was sent to customers, readable by staff and by the customer its own; staff send, staff and the customer delete. */
export const communication: BoundedContext = {
  name: 'communication',
  functions: [
    {
      name: 'get-communication-message',
      entry: 'functions/communication/get-communication-message.ts',
      description: 'TMF681 GET /communicationMessage/{id}',
      permissions: [readTable],
    },
    {
      name: 'list-communication-messages',
      entry: 'functions/communication/list-communication-messages.ts',
      description: 'TMF681 GET /communicationMessage by customer',
      permissions: [queryIndexes],
    },
    {
      name: 'create-communication-message',
      entry: 'functions/communication/create-communication-message.ts',
      description: "TMF681 POST /communicationMessage: staff write to a customer, on the channel its preferences choose; inProgress, then completed",
      // The message (recorded, then completed), the Idempotency-Key records; CUSTOMER# and OUTBOX# come with customer-store, whose reads it uses (test/infra/table-write-prefixes.ts counts a module whole).
      permissions: [
        { resource: 'table', actions: readWrite, keys: ['COMMUNICATION_MESSAGE#*', 'CUSTOMER#*', 'OUTBOX#*'] },
        { resource: 'table', actions: idempotencyRecords, keys: ['IDEMPOTENCY#*'] },
      ],
    },
    {
      name: 'delete-communication-message',
      entry: 'functions/communication/delete-communication-message.ts',
      description: 'TMF681 DELETE /communicationMessage/{id}: off every list and GET, the send and its deletion kept in the audit trail',
      // The message's index keys removed and its audit entry, both under COMMUNICATION_MESSAGE#; CUSTOMER# and OUTBOX# come with customer-store (its test clock read).
      permissions: [{ resource: 'table', actions: readWrite, keys: ['COMMUNICATION_MESSAGE#*', 'CUSTOMER#*', 'OUTBOX#*'] }],
    },
  ],
  routes: [
    { method: 'GET', path: `${communicationManagement}/communicationMessage`, function: 'list-communication-messages', authorized: true },
    { method: 'GET', path: `${communicationManagement}/communicationMessage/{id}`, function: 'get-communication-message', authorized: true },
    {
      method: 'POST',
      path: `${communicationManagement}/communicationMessage`,
      function: 'create-communication-message',
      authorized: true,
      requestBody: communicationMessageCreateSchema,
      writeAccess: communicationMessageCreateAccess,
    },
    { method: 'DELETE', path: `${communicationManagement}/communicationMessage/{id}`, function: 'delete-communication-message', authorized: true, ifMatch: true },
  ],
  stateMachines: [],
  eventRules: [],
  schedules: [],
};

import { queryIndexes, readTable, type Permission, type BoundedContext } from './shared.js';

const communicationManagement = '/tmf-api/communicationManagement/v4';

/**
 * What a function that sends notifications through the simulated sender needs: a conditional
 * put of the CommunicationMessage, whose refusal returns the item already there (docs/communication.md).
 */
export const recordCommunicationMessages: Permission = { resource: 'table', actions: ['dynamodb:PutItem'], keys: ['COMMUNICATION_MESSAGE#*'] };

/** TMF681 communication messages: what was sent to customers, readable by staff and by the customer its own. */
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
  ],
  routes: [
    { method: 'GET', path: `${communicationManagement}/communicationMessage`, function: 'list-communication-messages', authorized: true },
    { method: 'GET', path: `${communicationManagement}/communicationMessage/{id}`, function: 'get-communication-message', authorized: true },
  ],
  stateMachines: [],
  eventRules: [],
  schedules: [],
};

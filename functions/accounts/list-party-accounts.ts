import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordListUseCase } from './account-record-http.js';

/** TMF666 GET /partyAccount: filters `id`, `name`, `state`, `accountType` (account-record-http.ts). */
export const handler = apiHandler(accountRecordListUseCase('PartyAccount', ['id', 'name', 'state', 'accountType']));

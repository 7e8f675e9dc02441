import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordListUseCase } from './account-record-http.js';

/** TMF666 GET /financialAccount: filters `id`, `name`, `state`, `accountType` (account-record-http.ts). */
export const handler = apiHandler(accountRecordListUseCase('FinancialAccount', ['id', 'name', 'state', 'accountType']));

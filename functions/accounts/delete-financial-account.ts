import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordDeleteUseCase } from './account-record-http.js';

/** TMF666 DELETE /financialAccount/{id}: 409 while a billing account or an account of a party names it (account-record-http.ts). */
export const handler = apiHandler(accountRecordDeleteUseCase({ kind: 'FinancialAccount' }));

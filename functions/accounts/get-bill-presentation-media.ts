import { builtInBillPresentationMedia } from '../../domain/accounts/bill-presentation.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordGetUseCase } from './account-record-http.js';

/** TMF666 GET /billPresentationMedia/{id}: a built-in one or a stored one (account-record-http.ts). */
export const handler = apiHandler(accountRecordGetUseCase('BillPresentationMedia', builtInBillPresentationMedia));

import { builtInBillPresentationMedia } from '../../domain/accounts/bill-presentation.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordDeleteUseCase } from './account-record-http.js';

/** TMF666 DELETE /billPresentationMedia/{id}: 409 while a billing account uses it, and for built-in ones (account-record-http.ts). */
export const handler = apiHandler(accountRecordDeleteUseCase({ kind: 'BillPresentationMedia', builtIns: builtInBillPresentationMedia }));

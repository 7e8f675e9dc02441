import { builtInBillFormats } from '../../domain/accounts/bill-presentation.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordListUseCase } from './account-record-http.js';

/** TMF666 GET /billFormat: the built-in ones, then the stored ones; filters [`id`, `name`, `documentType`]. */
export const handler = apiHandler(accountRecordListUseCase('BillFormat', ['id', 'name', 'documentType'], builtInBillFormats));

import { builtInBillPresentationMedia } from '../../domain/accounts/bill-presentation.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordListUseCase } from './account-record-http.js';

/** TMF666 GET /billPresentationMedia: the built-in ones, then the stored ones; filters [`id`, `name`, `channel`]. */
export const handler = apiHandler(accountRecordListUseCase('BillPresentationMedia', ['id', 'name', 'channel'], builtInBillPresentationMedia));

import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordGetUseCase } from './account-record-http.js';

/** TMF666 GET /partyAccount/{id} (account-record-http.ts). */
export const handler = apiHandler(accountRecordGetUseCase('PartyAccount'));

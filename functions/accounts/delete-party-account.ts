import { recordsReferencedBy, type PartyAccount } from '../../domain/accounts/party-account.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordDeleteUseCase } from './account-record-http.js';

/** TMF666 DELETE /partyAccount/{id}: removes it and uncounts its financial account (account-record-http.ts). */
export const handler = apiHandler(accountRecordDeleteUseCase<PartyAccount>({ kind: 'PartyAccount', referencesOf: recordsReferencedBy }));

import { recordsReferencedBy, type SettlementAccount } from '../../domain/accounts/party-account.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordDeleteUseCase } from './account-record-http.js';

/** TMF666 DELETE /settlementAccount/{id}: removes it and uncounts its financial account (account-record-http.ts). */
export const handler = apiHandler(accountRecordDeleteUseCase<SettlementAccount>({ kind: 'SettlementAccount', referencesOf: recordsReferencedBy }));

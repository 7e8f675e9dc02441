import { apiHandler } from '../lib/http/api-handler.js';
import { ofAPartyPatchUseCase } from './party-account-use-cases.js';

/** TMF666 PATCH /settlementAccount/{id}: merge patch with If-Match and lifecycle; a financial account named is checked and counted (party-account-use-cases.ts). */
export const handler = apiHandler(ofAPartyPatchUseCase('SettlementAccount'));

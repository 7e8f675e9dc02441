import { apiHandler } from '../lib/http/api-handler.js';
import { ofAPartyPatchUseCase } from './of-a-party-patch-use-case.js';

/** TMF666 PATCH /settlementAccount/{id}: merge patch with If-Match and lifecycle; a financial account named is checked and counted (of-a-party-patch-use-case.ts). */
export const handler = apiHandler(ofAPartyPatchUseCase('SettlementAccount'));

import { apiHandler } from '../lib/http/api-handler.js';
import { ofAPartyCreateUseCase } from './party-account-use-cases.js';

/** TMF666 POST /settlementAccount: the financial account it names is checked and counted (party-account-use-cases.ts). */
export const handler = apiHandler(ofAPartyCreateUseCase('SettlementAccount'));

import { apiHandler } from '../lib/http/api-handler.js';
import { ofAPartyCreateUseCase } from './of-a-party-create-use-case.js';

/** TMF666 POST /settlementAccount: the financial account it names is checked and counted (of-a-party-create-use-case.ts). */
export const handler = apiHandler(ofAPartyCreateUseCase('SettlementAccount'));

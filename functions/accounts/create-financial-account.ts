import { financialAccountCreateSchema, openPartyAccount } from '../../domain/accounts/party-account.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordCreateUseCase } from './account-record-create-use-case.js';

/** TMF666 POST /financialAccount (account-record-create-use-case.ts). */
export const handler = apiHandler(
  accountRecordCreateUseCase({
    kind: 'FinancialAccount',
    createSchema: financialAccountCreateSchema,
    create: (input, { id, now }) => ({ resource: openPartyAccount('FinancialAccount', input, { id, now }) }),
  }),
);

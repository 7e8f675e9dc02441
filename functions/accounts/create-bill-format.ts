import { billFormatCreateSchema, createBillFormat } from '../../domain/accounts/bill-presentation.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordCreateUseCase } from './account-record-create-use-case.js';

/** TMF666 POST /billFormat (account-record-create-use-case.ts). */
export const handler = apiHandler(
  accountRecordCreateUseCase({
    kind: 'BillFormat',
    createSchema: billFormatCreateSchema,
    create: (input, { id, now }) => ({ resource: createBillFormat(input, { id, now }) }),
  }),
);

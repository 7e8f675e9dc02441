import { billPresentationMediaCreateSchema, createBillPresentationMedia } from '../../domain/accounts/bill-presentation.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordCreateUseCase } from './account-record-create-use-case.js';

/** TMF666 POST /billPresentationMedia (account-record-create-use-case.ts). */
export const handler = apiHandler(
  accountRecordCreateUseCase({
    kind: 'BillPresentationMedia',
    createSchema: billPresentationMediaCreateSchema,
    create: (input, { id, now }) => ({ resource: createBillPresentationMedia(input, { id, now }) }),
  }),
);

import { builtInBillFormats, billFormatPatchSchema, applyPresentationPatch, type BillFormat } from '../../domain/accounts/bill-presentation.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordPatchUseCase } from './account-record-http.js';

/** TMF666 PATCH /billFormat/{id}: merge patch with If-Match; built-in ones 409 (account-record-http.ts). */
export const handler = apiHandler(
  accountRecordPatchUseCase({
    kind: 'BillFormat',
    patchSchema: billFormatPatchSchema,
    builtIns: builtInBillFormats,
    change: (current: BillFormat, patch, { now }) => ({ resource: applyPresentationPatch(current, patch, now) }),
  }),
);

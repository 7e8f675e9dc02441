import { builtInBillPresentationMedia, billPresentationMediaPatchSchema, applyPresentationPatch, type BillPresentationMedia } from '../../domain/accounts/bill-presentation.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordPatchUseCase } from './account-record-http.js';

/** TMF666 PATCH /billPresentationMedia/{id}: merge patch with If-Match; built-in ones 409 (account-record-http.ts). */
export const handler = apiHandler(
  accountRecordPatchUseCase({
    kind: 'BillPresentationMedia',
    patchSchema: billPresentationMediaPatchSchema,
    builtIns: builtInBillPresentationMedia,
    change: (current: BillPresentationMedia, patch, { now }) => ({ resource: applyPresentationPatch(current, patch, now) }),
  }),
);

import { billingCycleSpecificationCreateSchema, createBillingCycleSpecification } from '../../domain/accounts/billing-cycle-specification.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordCreateUseCase } from './account-record-create-use-case.js';

/** TMF666 POST /billingCycleSpecification (account-record-create-use-case.ts). */
export const handler = apiHandler(
  accountRecordCreateUseCase({
    kind: 'BillingCycleSpecification',
    createSchema: billingCycleSpecificationCreateSchema,
    create: (input, { id, now }) => ({ resource: createBillingCycleSpecification(input, { id, now }) }),
  }),
);

import { builtInCycleSpecifications } from '../../domain/accounts/billing-cycle-specification.js';
import { apiHandler } from '../lib/http/api-handler.js';
import { accountRecordListUseCase } from './account-record-http.js';

/** TMF666 GET /billingCycleSpecification: the built-in ones, then the stored ones; filters [`id`, `name`, `frequency`]. */
export const handler = apiHandler(accountRecordListUseCase('BillingCycleSpecification', ['id', 'name', 'frequency'], builtInCycleSpecifications));

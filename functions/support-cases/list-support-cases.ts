import { caseStatuses, type CaseStatus } from '../../domain/support-cases/case-lifecycle.js';
import type { SupportCase } from '../../domain/support-cases/support-case.js';
import type { Principal } from '../lib/auth/principal.js';
import { ApiError } from '../lib/http/api-error.js';
import { apiHandler, type ApiRequest } from '../lib/http/api-handler.js';
import { collectionResponse, instantFilter, parseCollectionQuery } from '../lib/http/collection-query.js';
import { supportCaseAttributes } from './support-case-list-attributes.js';
import { listAcrossPartitions } from '../lib/http/owned-collection.js';
import type { AttributeFilter, ListPage } from '../lib/store/list-resources.js';
import { caseStatusFilter, listSupportCases } from '../lib/store/support-case-store.js';
import { caseActorOf } from './support-case-access.js';

const customerFilter = 'relatedParty.id';
const createdFrom = 'creationDate.gte';
const createdBefore = 'creationDate.lt';
const filterable = ['status', customerFilter, createdFrom, createdBefore] as const;

/**
 * TMF621 GET /troubleTicket, oldest first, always from an index partition (docs/support-cases.md):
 * a customer's cases (gsi2, `relatedParty.id`), the cases in a status (gsi3, one Query per status
 * named, merged by age), or every case (gsi1). `creationDate.gte`/`creationDate.lt` bound the
 * cases' age on the sort key; `status` (`submitted` for cases no agent has acknowledged yet)
 * and every other scalar attribute filter. A customer is always narrowed to its own cases;
 * naming another customer gives an empty list, as an unknown one does.
 */
async function listCases({ event, principal }: ApiRequest) {
  const query = parseCollectionQuery(event, filterable, supportCaseAttributes);
  const from = instantFilter(query.filters.get(createdFrom)?.values, createdFrom);
  const before = instantFilter(query.filters.get(createdBefore)?.values, createdBefore);
  const window = { ...(from !== undefined ? { createdFrom: from } : {}), ...(before !== undefined ? { createdBefore: before } : {}) };
  const statuses = statusesOf(query.filters.get('status')?.values);
  const filters: AttributeFilter[] = [...query.filters].filter(([name]) => !(filterable as readonly string[]).includes(name)).map(([, filter]) => filter);
  const owners = ownersVisibleTo(principal, query.filters.get(customerFilter)?.values);
  const page = { offset: query.offset, limit: query.limit };
  const byAge = (supportCase: SupportCase) => supportCase.creationDate;

  let found: ListPage<SupportCase>;
  if (owners !== undefined) {
    const narrowed = statuses === undefined ? filters : [...filters, caseStatusFilter(statuses)];
    found = await listAcrossPartitions(owners, page, (customerId, part) => listSupportCases({ customerId, filters: narrowed, ...window, ...part }), byAge);
  } else if (statuses !== undefined) {
    found = await listAcrossPartitions(statuses, page, (status, part) => listSupportCases({ status, filters, ...window, ...part }), byAge);
  } else {
    found = await listSupportCases({ filters, ...window, ...page });
  }
  return collectionResponse(found.items, found.total, query.fields);
}

function statusesOf(values: string[] | undefined): CaseStatus[] | undefined {
  if (values === undefined) return undefined;
  const unknown = values.filter((value) => !(caseStatuses as readonly string[]).includes(value));
  if (unknown.length > 0) {
    throw ApiError.badRequest(`status takes ${caseStatuses.join(', ')}`, [{ field: 'status', problem: `unknown status ${unknown.join(', ')}` }]);
  }
  return [...new Set(values)] as CaseStatus[];
}

/** Whose cases the caller may list: anyone's for staff (undefined when it names nobody), only its own for a customer, nobody's for a machine client. */
function ownersVisibleTo(principal: Principal, asked: string[] | undefined): string[] | undefined {
  const actor = caseActorOf(principal);
  if (actor === 'agent') return asked === undefined ? undefined : [...new Set(asked)];
  const own = actor === 'customer' ? principal.customerId : undefined;
  return own !== undefined && (asked === undefined || asked.includes(own)) ? [own] : [];
}

export const handler = apiHandler(listCases);

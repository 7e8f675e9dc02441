/** The support queue's filters: `open`, `all` or one status; a severity or any (''); older than so many days, or any age (0). */
export interface CaseQueueFilter {
  status: string;
  severity: string;
  olderThanDays: number;
}

/** The agent desktop's pages, under the path the runtime (and later CloudFront) serves it at. */
export const agentPaths = {
  search: '/agent/',
  searchFor: (query: string) => `/agent/?q=${encodeURIComponent(query)}`,
  customer: (id: string) => `/agent/customers/${encodeURIComponent(id)}`,
  changeProduct: (customerId: string, productId: string) => `/agent/customers/${encodeURIComponent(customerId)}/products/${encodeURIComponent(productId)}/change`,
  endProduct: (customerId: string, productId: string) => `/agent/customers/${encodeURIComponent(customerId)}/products/${encodeURIComponent(productId)}/end`,
  placeOrder: (customerId: string) => `/agent/customers/${encodeURIComponent(customerId)}/order`,
  supportCase: (id: string) => `/agent/cases/${encodeURIComponent(id)}`,
  caseQueue: (filter?: CaseQueueFilter) => {
    const query = new URLSearchParams();
    if (filter && filter.status !== 'open') query.set('status', filter.status);
    if (filter?.severity) query.set('severity', filter.severity);
    if (filter && filter.olderThanDays > 0) query.set('age', String(filter.olderThanDays));
    return `/agent/cases${query.size > 0 ? `?${query}` : ''}`;
  },
} as const;

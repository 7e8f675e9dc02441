/** The agent desktop's pages, under the path the runtime (and later CloudFront) serves it at. */
export const agentPaths = {
  search: '/agent/',
  searchFor: (query: string) => `/agent/?q=${encodeURIComponent(query)}`,
  customer: (id: string) => `/agent/customers/${encodeURIComponent(id)}`,
  supportCase: (id: string) => `/agent/cases/${encodeURIComponent(id)}`,
} as const;

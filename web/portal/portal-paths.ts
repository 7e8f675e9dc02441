/** The portal's pages, under the path the runtime (and later CloudFront) serves it at. */
export const portalPaths = {
  home: '/portal/',
  bills: '/portal/bills',
  bill: (id: string) => `/portal/bills/${encodeURIComponent(id)}`,
  products: '/portal/products',
  changeProduct: (id: string) => `/portal/products/${encodeURIComponent(id)}/change`,
  endProduct: (id: string) => `/portal/products/${encodeURIComponent(id)}/end`,
  orders: '/portal/orders',
  order: (id: string) => `/portal/orders/${encodeURIComponent(id)}`,
  paymentMethods: '/portal/payment-methods',
  supportCases: '/portal/support',
  newSupportCase: '/portal/support/new',
  supportCase: (id: string) => `/portal/support/${encodeURIComponent(id)}`,
  messages: '/portal/messages',
  usage: '/portal/usage',
  profile: '/portal/profile',
} as const;

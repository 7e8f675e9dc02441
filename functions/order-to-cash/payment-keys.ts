/**
 * Gateway idempotency keys of an order's payment calls: derived from the order, so a retried
 * step (or a second saga execution) repeats the same call instead of making a new one.
 */
export const paymentKeys = {
  authorization: (orderId: string) => `order-${orderId}-authorization`,
  capture: (orderId: string) => `order-${orderId}-capture`,
  refund: (orderId: string) => `order-${orderId}-refund`,
  /** Giving back a capture the saga could not record (settlement failed after the gateway took the money). */
  reversal: (orderId: string) => `order-${orderId}-reversal`,
};

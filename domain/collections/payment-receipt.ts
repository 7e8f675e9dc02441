import type { TmfMoney } from '../money/money.js';

/**
 * The receipt a customer is sent for money received (docs/collections.md, "Receipts"): how much,
 * when, and what it paid; one paragraph of plain text, the same for e-mail and SMS.
 */
export function paymentReceipt(input: {
  accountName: string;
  paymentDate: string;
  total: TmfMoney;
  bills: readonly { billNo: string; applied: TmfMoney; remaining: TmfMoney }[];
  unapplied: TmfMoney;
}): { kind: 'paymentReceipt'; subject: string; content: string } {
  const amount = (money: TmfMoney) => `${money.value.toFixed(2)} ${money.unit}`;
  const sentences = [
    `We received ${amount(input.total)} for your account ${input.accountName} on ${input.paymentDate.slice(0, 10)}.`,
    ...input.bills.map((bill) => `Bill ${bill.billNo}: ${amount(bill.applied)} paid, ${bill.remaining.value === 0 ? 'settled' : `${amount(bill.remaining)} still due`}.`),
    ...(input.unapplied.value > 0 ? [`${amount(input.unapplied)} is kept as credit for your next bills.`] : []),
  ];
  return { kind: 'paymentReceipt', subject: `Payment received: ${amount(input.total)}`, content: sentences.join(' ') };
}

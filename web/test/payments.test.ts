import { describe, expect, it } from 'vitest';
import { ApiError } from '../shared/api-error.js';
import { translator } from '../shared/i18n/translate.js';
import { paymentFailureMessage } from '../portal/payment-failure.js';
import { cardsOf, defaultCardPatch, withCard, withoutCard } from '../portal/payment-methods.js';

const refusal = (status: number, code: string, details: { field: string; problem: string }[] = []) => ApiError.fromStatus(status, { code, reason: 'r', status: String(status), details });
const declined = (problem: string) => refusal(402, 'PAYMENT_DECLINED', [{ field: 'paymentMethod.id', problem }]);

describe('paymentFailureMessage', () => {
  it("names each of the gateway's decline codes (docs/providers.md) in plain words", () => {
    expect(paymentFailureMessage(declined('card_declined'))).toBe('pay.error.declined');
    expect(paymentFailureMessage(declined('insufficient_funds'))).toBe('pay.error.insufficientFunds');
    expect(paymentFailureMessage(declined('unknown_payment_method'))).toBe('pay.error.unknownCard');
    expect(paymentFailureMessage(declined('expired_card'))).toBe('pay.error.declinedOther');
  });

  it("says a lost answer or a failing service may be retried without a second charge, and names the API's other refusals", () => {
    expect(paymentFailureMessage(ApiError.network(new TypeError('Failed to fetch')))).toBe('pay.error.network');
    expect(paymentFailureMessage(refusal(503, 'SERVICE_UNAVAILABLE'))).toBe('pay.error.server');
    expect(paymentFailureMessage(refusal(403, 'FORBIDDEN', [{ field: 'paymentMethod.id', problem: 'not one of your payment methods' }]))).toBe('pay.error.notYourCard');
    expect(paymentFailureMessage(refusal(409, 'ACCOUNT_CLOSED'))).toBe('pay.error.accountClosed');
    expect(paymentFailureMessage(refusal(400, 'INVALID_REQUEST', [{ field: 'paymentItem[0].totalAmount.value', problem: 'above what the bill owes' }]))).toBe('pay.error.billChanged');
    expect(paymentFailureMessage(refusal(400, 'INVALID_REQUEST', [{ field: 'account.id', problem: 'unknown billing account' }]))).toBe('pay.error.other');
  });

  it('has a message in both languages for every decline', () => {
    const message = paymentFailureMessage(declined('insufficient_funds'));
    expect(translator('en')(message)).toContain('insufficient funds');
    expect(translator('fr')(message)).toContain('provision insuffisante');
  });
});

describe('cardsOf', () => {
  it("lists the customer's cards, then each account's default once, marking the defaults", () => {
    const cards = cardsOf({ paymentMethod: [{ id: 'pm_card_visa', name: 'My Visa' }, { id: 'pm_card_mastercard' }] }, [{ defaultPaymentMethod: { id: 'pm_card_mastercard' } }, { defaultPaymentMethod: { id: 'pm-old' } }, {}]);
    expect(cards).toEqual([
      { id: 'pm_card_visa', label: 'My Visa', isDefault: false, onRecord: true },
      { id: 'pm_card_mastercard', label: 'pm_card_mastercard', isDefault: true, onRecord: true },
      { id: 'pm-old', label: 'pm-old', isDefault: true, onRecord: false },
    ]);
    expect(cardsOf({}, [])).toEqual([]);
  });
});

describe('withCard', () => {
  it('keeps the cards the customer has (a merge patch replaces the list whole) and adds the new one once', () => {
    expect(withCard({ paymentMethod: [{ id: 'a', name: 'A', href: '/x' }] }, 'b', undefined)).toEqual({ paymentMethod: [{ id: 'a', name: 'A' }, { id: 'b' }] });
    expect(withCard({ paymentMethod: [{ id: 'a' }] }, 'a', 'Again')).toEqual({ paymentMethod: [{ id: 'a', name: 'Again' }] });
    expect(withCard({}, 'pm_card_visa', 'Visa')).toEqual({ paymentMethod: [{ id: 'pm_card_visa', name: 'Visa' }] });
  });
});

describe('withoutCard and defaultCardPatch', () => {
  it('writes the list back without the card, and nothing but the ids and names', () => {
    expect(withoutCard({ paymentMethod: [{ id: 'a', name: 'A', href: '/x' }, { id: 'b' }] }, 'a')).toEqual({ paymentMethod: [{ id: 'b' }] });
    expect(withoutCard({}, 'a')).toEqual({ paymentMethod: [] });
  });

  it("makes a card of the record the default with the customer's name for it", () => {
    expect(defaultCardPatch({ paymentMethod: [{ id: 'a', name: 'Work card', href: '/x' }] }, 'a')).toEqual({ defaultPaymentMethod: { id: 'a', name: 'Work card' } });
    expect(defaultCardPatch({ paymentMethod: [{ id: 'a' }] }, 'a')).toEqual({ defaultPaymentMethod: { id: 'a' } });
  });
});

import { describe, expect, it } from 'vitest';
import {
  customerSearchSummary,
  customerSearchTerms,
  indexedNameWords,
  maxIndexedNameWords,
  maxWordLength,
  nameMatches,
  namePartitionOf,
  normalizeSearchText,
  orderedMatches,
  phoneMatches,
  phonePartitionOf,
  reversedPhoneDigits,
  searchPlanOf,
  searchWordsOf,
  type SearchMatch,
} from '../../../../domain/customers/customer-search.js';
import { customerResource } from '../../../support/fixtures.js';

describe('customer search words', () => {
  it('are lowercase, without diacritics, split on anything not a letter or a digit', () => {
    expect(searchWordsOf('  Camille MARTÍN-Dupont, 3e étage ')).toEqual(['camille', 'martin', 'dupont', '3e', 'etage']);
    expect(searchWordsOf('Zoë O’Brien')).toEqual(['zoe', 'o', 'brien']);
    expect(searchWordsOf('Łukasz Müller')).toEqual(['łukasz', 'muller']);
    expect(searchWordsOf('-- .. --')).toEqual([]);
  });

  it('treat a decomposed accent as the composed one', () => {
    expect(searchWordsOf('Marti\u0301n')).toEqual(searchWordsOf('Mart\u00edn'));
  });

  it('are one with their capitals where lowercase has two forms, so a prefix of a word normalizes to a prefix of it', () => {
    expect(normalizeSearchText('ΣΑΣ')).toBe('σασ');
    expect(searchWordsOf('ΣΑΣΑ')[0]!.startsWith(searchWordsOf('ΣΑΣ')[0]!)).toBe(true);
    expect(searchWordsOf('Straße STRASSE Straẞe')).toEqual(['strasse', 'strasse', 'strasse']);
    expect(searchWordsOf('Işık IŞIK')).toEqual(['isik', 'isik']);
  });

  it(`keep the first ${maxWordLength} characters of a word, so a word always fits an index sort key`, () => {
    const [word] = searchWordsOf('𠀀'.repeat(200));
    expect(Array.from(word!)).toHaveLength(maxWordLength);
    expect(Buffer.byteLength(word!, 'utf8')).toBeLessThanOrEqual(256);
  });

  it('index a name under its distinct words, at most a bounded number of them', () => {
    expect(indexedNameWords('Jean Jean Dupont')).toEqual(['jean', 'dupont']);
    expect(indexedNameWords(Array.from({ length: 60 }, (_, index) => `w${index}`).join(' '))).toHaveLength(maxIndexedNameWords);
  });

  it('are partitioned by their first two characters, whole characters', () => {
    expect(namePartitionOf('martin')).toBe('ma');
    expect(namePartitionOf('j')).toBe('j');
    expect(namePartitionOf('𠀀𠀁𠀂')).toBe('𠀀𠀁');
  });
});

describe('a name matches a query', () => {
  const camille = searchWordsOf('Camille Martin');
  it('when every query word begins some word of the name', () => {
    expect(nameMatches(searchWordsOf('cam mar'), camille)).toBe(true);
    expect(nameMatches(searchWordsOf('martín'), camille)).toBe(true);
    expect(nameMatches(searchWordsOf('MARTIN camille'), camille)).toBe(true);
    expect(nameMatches(searchWordsOf('c'), camille)).toBe(true);
  });
  it('and not when one does not, or only appears inside a word', () => {
    expect(nameMatches(searchWordsOf('cam dup'), camille)).toBe(false);
    expect(nameMatches(searchWordsOf('artin'), camille)).toBe(false);
    expect(nameMatches(searchWordsOf('martine'), camille)).toBe(false);
  });
});

describe('phone numbers', () => {
  it('are matched on the last digits, the query without its leading zeros: a national number finds the international one', () => {
    expect(phoneMatches('06 12 34 56 78', '+33 6 12 34 56 78')).toBe(true);
    expect(phoneMatches('(0)6-12.34.56.78', '+33612345678')).toBe(true);
    expect(phoneMatches('612345678', '+33 6 12 34 56 78')).toBe(true);
    expect(phoneMatches('345678', '+33 6 12 34 56 78')).toBe(true);
    expect(phoneMatches('06 12 34 56 79', '+33 6 12 34 56 78')).toBe(false);
    expect(phoneMatches('+44 6 12 34 56 78', '+33 6 12 34 56 78')).toBe(false);
  });

  it('need six digits or more once the leading zeros are gone', () => {
    expect(phoneMatches('45678', '+33 6 12 34 56 78')).toBe(false);
    expect(phoneMatches('0045678', '+33 6 12 34 56 78')).toBe(false);
  });

  it('are kept reversed, partitioned by their last four digits', () => {
    expect(reversedPhoneDigits('+33 6 12 34 56 78')).toBe('87654321633');
    expect(phonePartitionOf('87654321633')).toBe('8765');
  });

  it("are a customer's contact media's, each once, the first the one a summary shows", () => {
    const customer = customerResource({
      contactMedium: [
        { mediumType: 'email', characteristic: { emailAddress: 'Ada@Example.com' } },
        { mediumType: 'mobile', characteristic: { phoneNumber: '+33 6 12 34 56 78' } },
        { mediumType: 'phone', characteristic: { phoneNumber: '+33 1 44 55 66 77' } },
        { mediumType: 'phone', characteristic: { phoneNumber: '+33 6 12 34 56 78' } },
      ],
    });
    expect(customerSearchTerms(customer)).toEqual({ nameWords: ['ada', 'lovelace'], reversedPhoneNumbers: ['87654321633', '77665544133'] });
    expect(customerSearchSummary(customer)).toEqual({ id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1', name: 'Ada Lovelace', status: 'Validated', email: 'ada@example.com', phoneNumber: '+33 6 12 34 56 78' });
  });

  it('are left out of a summary when the customer has none, as its e-mail is', () => {
    const summary = customerSearchSummary(customerResource({ contactMedium: [{ mediumType: 'postalAddress', characteristic: { city: 'Paris', country: 'FR' } }] }));
    expect(summary).toEqual({ id: 'cust-1', href: '/tmf-api/customerManagement/v4/customer/cust-1', name: 'Ada Lovelace', status: 'Validated' });
  });
});

describe('what a query looks up', () => {
  it('an id-looking text: the ids, and the bill number uppercased; and a name', () => {
    expect(searchPlanOf(' 2f0c-ab12 ')).toEqual({ id: '2f0c-ab12', billNo: '2F0C-AB12', name: { words: ['2f0c', 'ab12'], indexWord: '2f0c', partition: '2f' } });
  });

  it('a bill number is phone-like too: its digits are looked up as a number, not as a name', () => {
    expect(searchPlanOf('test-1a2b3c4d-2027-000001')).toMatchObject({ billNo: 'TEST-1A2B3C4D-2027-000001' });
    expect(searchPlanOf('2027-000001')).toEqual({ id: '2027-000001', billNo: '2027-000001', phone: { reversedDigits: '1000007202', partition: '1000' } });
  });

  it('an e-mail: the e-mail guard, normalized; never a name', () => {
    expect(searchPlanOf('Ada@Example.com')).toEqual({ id: 'Ada@Example.com', billNo: 'ADA@EXAMPLE.COM', email: 'ada@example.com' });
  });

  it('a national phone number: its digits without the leading zero, reversed; no id, no name', () => {
    expect(searchPlanOf('06 12 34 56 78')).toEqual({ phone: { reversedDigits: '876543216', partition: '8765' } });
  });

  it('a name of several words: the longest one through the index, every word checked', () => {
    expect(searchPlanOf('cam martin')).toEqual({ name: { words: ['cam', 'martin'], indexWord: 'martin', partition: 'ma' } });
    expect(searchPlanOf('j dupont')).toEqual({ name: { words: ['j', 'dupont'], indexWord: 'dupont', partition: 'du' } });
  });

  it('nothing by name when no word has two characters', () => {
    expect(searchPlanOf('a b')).toEqual({});
    expect(searchPlanOf('--')).toEqual({ id: '--', billNo: '--' });
  });

  it('no ids past 128 characters', () => {
    expect(searchPlanOf('x'.repeat(129))).toEqual({ name: { words: ['x'.repeat(maxWordLength)], indexWord: 'x'.repeat(maxWordLength), partition: 'xx' } });
  });
});

describe('matches', () => {
  const names: Record<string, string> = { a: 'Zoé Adams', b: 'Camille Martin', c: 'camille Bernard', d: 'Ada Lovelace' };
  const nameOf = (id: string) => names[id];

  it('are one per customer, its best kept, exact ids first, then e-mail, bill number, phone, then names sorted by name', () => {
    const matches: SearchMatch[] = [
      { customerId: 'b', matchedOn: 'name' },
      { customerId: 'a', matchedOn: 'name' },
      { customerId: 'c', matchedOn: 'name' },
      { customerId: 'c', matchedOn: 'phoneNumber' },
      { customerId: 'd', matchedOn: 'email' },
      { customerId: 'a', matchedOn: 'billNo', matched: { id: 'bill-1', '@referredType': 'CustomerBill', name: '2027-000001' } },
      { customerId: 'b', matchedOn: 'productOrder', matched: { id: 'order-1', '@referredType': 'ProductOrder', name: 'order-1' } },
    ];
    expect(orderedMatches(matches, nameOf, 10)).toEqual([
      { customerId: 'b', matchedOn: 'productOrder', matched: { id: 'order-1', '@referredType': 'ProductOrder', name: 'order-1' } },
      { customerId: 'd', matchedOn: 'email' },
      { customerId: 'a', matchedOn: 'billNo', matched: { id: 'bill-1', '@referredType': 'CustomerBill', name: '2027-000001' } },
      { customerId: 'c', matchedOn: 'phoneNumber' },
    ]);
  });

  it('by name are sorted by name, case and accents aside', () => {
    const matches: SearchMatch[] = ['a', 'b', 'c', 'd'].map((customerId) => ({ customerId, matchedOn: 'name' }));
    expect(orderedMatches(matches, nameOf, 10).map((match) => match.customerId)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('are at most `limit`, and never of a customer that cannot be read', () => {
    const matches: SearchMatch[] = ['a', 'gone', 'b', 'c', 'd'].map((customerId) => ({ customerId, matchedOn: 'name' }));
    expect(orderedMatches(matches, nameOf, 2).map((match) => match.customerId)).toEqual(['d', 'c']);
    expect(orderedMatches(matches, nameOf, 10).map((match) => match.customerId)).not.toContain('gone');
  });
});

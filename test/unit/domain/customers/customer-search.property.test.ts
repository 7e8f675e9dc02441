import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  indexedNameWords,
  matchKinds,
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

/**
 * The customer search's rules (domain/customers/customer-search.ts) over generated names, numbers
 * and matches: whatever a name is written in, it is found by any beginning of any of its words,
 * through the index partition its words are written under; a number is found by any long enough
 * end of it, however it is typed; the answer holds each customer once, best match first.
 */

/** Names as people type them: letters of several scripts, accents composed or not, separators. */
const nameCharacter = fc.constantFrom(...'abcdeéèëfgijklmnoöpqrstuüvwxyzABCDEÉÇZßẞŁłØæΣΑΛςσЖжяİıﬁ日本語0123456789', '\u0301', '\u0308', ' ', '-', "'", '.', '’');
const nameArbitrary = fc.array(nameCharacter, { minLength: 1, maxLength: 40 }).map((characters) => characters.join(''));
const anyText = fc.string({ unit: 'grapheme', maxLength: 60 });

describe('normalization, by property', () => {
  it('is idempotent, on names and on any text', () => {
    fc.assert(
      fc.property(fc.oneof(nameArbitrary, anyText), (text) => {
        expect(normalizeSearchText(normalizeSearchText(text))).toBe(normalizeSearchText(text));
      }),
    );
  });

  it('gives words that are their own words', () => {
    fc.assert(
      fc.property(fc.oneof(nameArbitrary, anyText), (text) => {
        for (const word of searchWordsOf(text)) expect(searchWordsOf(word)).toEqual([word]);
      }),
    );
  });
});

describe('a name, by property', () => {
  it('is found by any beginning of any of its words, through the partition that word is indexed under', () => {
    fc.assert(
      fc.property(
        nameArbitrary.filter((name) => indexedNameWords(name).length > 0),
        fc.nat(),
        fc.nat(),
        (name, wordChoice, lengthChoice) => {
          const nameWords = indexedNameWords(name);
          const word = nameWords[wordChoice % nameWords.length]!;
          const characters = Array.from(word);
          const prefix = characters.slice(0, 1 + (lengthChoice % characters.length)).join('');
          expect(nameMatches(searchWordsOf(prefix), nameWords)).toBe(true);
          const plan = searchPlanOf(prefix);
          if (Array.from(prefix).length >= 2 && plan.name) {
            expect(plan.name.partition).toBe(namePartitionOf(word));
            expect(word.startsWith(plan.name.indexWord)).toBe(true);
          }
        },
      ),
    );
  });

  it('is found by itself, typed in capitals, however its accents are composed', () => {
    fc.assert(
      fc.property(nameArbitrary, (name) => {
        const nameWords = indexedNameWords(name);
        for (const typed of [name, name.toUpperCase(), name.normalize('NFC'), name.normalize('NFD')]) {
          const plan = searchPlanOf(typed);
          if (plan.name === undefined) continue;
          expect(nameMatches(plan.name.words, nameWords)).toBe(true);
          expect(nameWords.some((word) => word.startsWith(plan.name!.indexWord) && namePartitionOf(word) === plan.name!.partition)).toBe(true);
        }
      }),
    );
  });
});

describe('phone numbers, by property', () => {
  const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((values) => values.join(''));
  const separator = fc.constantFrom('', ' ', '-', '.', ' ');

  it('are found by any end of six digits or more, typed with a trunk zero and any separators', () => {
    fc.assert(
      fc.property(digits(0, 6), digits(6, 12), fc.array(separator, { minLength: 20, maxLength: 20 }), fc.boolean(), (head, tail, separators, national) => {
        fc.pre(!tail.startsWith('0'));
        const stored = `+${head}${tail}`;
        const typed = (national ? '0' : '') + [...tail].map((digit, index) => `${digit}${separators[index]}`).join('');
        expect(phoneMatches(typed, stored)).toBe(true);
        const plan = searchPlanOf(typed);
        expect(plan.phone).toBeDefined();
        expect(reversedPhoneDigits(stored).startsWith(plan.phone!.reversedDigits)).toBe(true);
        expect(plan.phone!.partition).toBe(phonePartitionOf(reversedPhoneDigits(stored)));
      }),
    );
  });

  it('are not found by digits they do not end with', () => {
    fc.assert(
      fc.property(digits(6, 14), digits(6, 10), (stored, query) => {
        const wanted = query.replace(/^0+/, '');
        fc.pre(wanted.length >= 6);
        expect(phoneMatches(query, stored)).toBe(stored.endsWith(wanted));
      }),
    );
  });
});

describe('matches, by property', () => {
  const matchArbitrary = fc.record({ customerId: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'gone'), matchedOn: fc.constantFrom(...matchKinds) }) as fc.Arbitrary<SearchMatch>;
  const names = new Map([
    ['c1', 'Camille Martin'],
    ['c2', 'Ada Lovelace'],
    ['c3', 'Émile Zola'],
    ['c4', 'ada lovelace'],
    ['c5', 'Zoë'],
  ]);
  const rank = (match: SearchMatch) => matchKinds.indexOf(match.matchedOn);

  it('hold each readable customer once, with its best kind, in the order of the kinds, at most the limit', () => {
    fc.assert(
      fc.property(fc.array(matchArbitrary, { maxLength: 30 }), fc.integer({ min: 1, max: 50 }), (matches, limit) => {
        const ordered = orderedMatches(matches, (id) => names.get(id), limit);
        const ids = ordered.map((match) => match.customerId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).not.toContain('gone');
        const readable = new Set(matches.map((match) => match.customerId).filter((id) => names.has(id)));
        expect(ordered.length).toBe(Math.min(limit, readable.size));
        for (const match of ordered) expect(rank(match)).toBe(Math.min(...matches.filter((one) => one.customerId === match.customerId).map(rank)));
        for (let index = 1; index < ordered.length; index += 1) {
          const [before, after] = [ordered[index - 1]!, ordered[index]!];
          expect(rank(before)).toBeLessThanOrEqual(rank(after));
          if (rank(before) === rank(after)) expect(normalizeSearchText(names.get(before.customerId)!) <= normalizeSearchText(names.get(after.customerId)!)).toBe(true);
        }
      }),
    );
  });
});

import type { ContactMedium } from '../shared/tmf-types.js';
import type { Customer } from './customer.js';
import { normalizeEmail, primaryEmail } from './email.js';

/**
 * The agent desktop's customer search (docs/api.md, "Customer search"): one text box over customers by
 * name, e-mail, phone number, billing account, bill number and order id. These are its pure
 * rules: how names and phone numbers are normalized into index words, what a query looks up, and
 * how the matches found are ordered and deduplicated. Everything is a key lookup or a Query of a
 * read model kept from the customer and billing events; nothing here reads the table.
 */

export const customerSearchPath = '/customers/v1/customerSearch';

export const minQueryLength = 2;
export const maxQueryLength = 256;
export const defaultSearchLimit = 20;
export const maxSearchLimit = 50;

/** Ids the API gives are far shorter; past this a query is not looked up by key. */
const maxIdLength = 128;
/** A phone query needs this many digits: fewer would match too many numbers, and the index partitions by the last 4. */
export const minPhoneDigits = 6;
/** Digits of the reversed number that name its index partition (queries always have more). */
export const phonePartitionDigits = 4;
/** Characters of a word that name its index partition (queries need at least as many). */
export const namePartitionLength = 2;

/**
 * Bounds on what one customer puts in the index, so that replacing all of it (every entry
 * deleted and written anew) fits one TransactWriteItems of 100 actions with the entries' own
 * list item: 2 × (24 + 20) + 1 = 89. A name has far fewer words; contactMedium holds at most 20.
 */
export const maxIndexedNameWords = 24;
export const maxIndexedPhoneNumbers = 20;

/** Code points, not UTF-16 units: a partition key never splits a character in two. */
const codePoints = (text: string): string[] => Array.from(text);
export const lengthOf = (text: string): number => codePoints(text).length;

/**
 * Lowercase, diacritics removed (NFD, combining marks dropped): "Martín" and "MARTIN" are one
 * word. Uppercased first, so letters whose capitals lowercase to something else are one with
 * those: "ß" and "SS", the dotless "ı" and "I", the final "ς" and "Σ", so that a prefix of a word
 * normalizes to a prefix of it.
 */
export function normalizeSearchText(text: string): string {
  // Lowercasing gives Σ at a word's end as ς, folded to σ as inside a word; and the capital ẞ as ß, whose capitals are SS.
  return text.toUpperCase().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replaceAll('ς', 'σ').replaceAll('ß', 'ss');
}

/**
 * Words are compared on their first characters only: a word becomes part of an index sort key,
 * which DynamoDB bounds at 1,024 bytes; 64 characters are 256 bytes at most, and longer than
 * any word of a name.
 */
export const maxWordLength = 64;

/** The words of a text: normalized, split on anything that is not a letter or a digit. */
export function searchWordsOf(text: string): string[] {
  return normalizeSearchText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .map((word) => codePoints(word).slice(0, maxWordLength).join(''));
}

/** Every query word is the start of some word of the name: "cam mar" is Camille Martin. */
export function nameMatches(queryWords: readonly string[], nameWords: readonly string[]): boolean {
  return queryWords.every((queryWord) => nameWords.some((nameWord) => nameWord.startsWith(queryWord)));
}

/** The distinct words a name is indexed under, at most maxIndexedNameWords of them (the first ones). */
export function indexedNameWords(name: string): string[] {
  return [...new Set(searchWordsOf(name))].slice(0, maxIndexedNameWords);
}

/** The partition of a word's index entries: its first characters (the whole word when shorter). */
export const namePartitionOf = (word: string): string => codePoints(word).slice(0, namePartitionLength).join('');

/** A phone number's digits, as typed, without anything else. */
export const digitsOf = (text: string): string => text.replace(/\D/g, '');

const reversed = (text: string): string => [...text].reverse().join('');

/**
 * Numbers are matched on their last digits, whatever the prefix: a national 06 12 34 56 78 finds
 * +33 6 12 34 56 78. So the index keeps each number's digits reversed, and a query asks for the
 * entries that begin with its own reversed digits, leading zeros (a national trunk prefix) dropped.
 */
export const reversedPhoneDigits = (phoneNumber: string): string => reversed(digitsOf(phoneNumber));

export function phoneQueryDigits(query: string): string {
  return digitsOf(query).replace(/^0+/, '');
}

export const phonePartitionOf = (reversedDigits: string): string => reversedDigits.slice(0, phonePartitionDigits);

/** Whether a number is found by a query: its digits end with the query's (leading zeros dropped). */
export function phoneMatches(query: string, phoneNumber: string): boolean {
  const wanted = phoneQueryDigits(query);
  return wanted.length >= minPhoneDigits && reversedPhoneDigits(phoneNumber).startsWith(reversed(wanted));
}

/** The customer's phone numbers, in contactMedium order, each once. */
export function phoneNumbersOf(contactMedium: readonly ContactMedium[]): string[] {
  const numbers = contactMedium.map((medium) => medium.characteristic.phoneNumber).filter((number): number is string => number !== undefined && digitsOf(number).length > 0);
  return [...new Set(numbers)];
}

/** What the index keeps of a customer: its name's words and its numbers' reversed digits. */
export interface CustomerSearchTerms {
  nameWords: string[];
  reversedPhoneNumbers: string[];
}

export function customerSearchTerms(customer: Pick<Customer, 'name' | 'contactMedium' | 'erasedAt'>): CustomerSearchTerms {
  // An erased customer (customer-erasure.ts) is in the index under nothing: not even its pseudonym.
  if (customer.erasedAt !== undefined) return { nameWords: [], reversedPhoneNumbers: [] };
  return {
    nameWords: indexedNameWords(customer.name),
    reversedPhoneNumbers: [...new Set(phoneNumbersOf(customer.contactMedium).map(reversedPhoneDigits))].slice(0, maxIndexedPhoneNumbers),
  };
}

/**
 * What a query looks up, each part only when the query can be one:
 * - `id`: no whitespace and id-sized: the customer, billing account, bill and order of that id;
 * - `billNo`: the same text uppercased (bill numbers are `2027-000001`, `TEST-<clock>-2027-000001`);
 * - `email`: it has an @: the e-mail guard, normalized as customers' e-mails are;
 * - `phoneDigits`: only phone characters and enough digits: the numbers ending with them;
 * - `name`: anything else with a word of 2 characters or more: its longest word through the
 *   index, every word checked against the name. An e-mail or a phone number is no name.
 */
export interface SearchPlan {
  id?: string;
  billNo?: string;
  email?: string;
  phone?: { reversedDigits: string; partition: string };
  name?: { words: string[]; indexWord: string; partition: string };
}

const phoneCharacters = /^[+\d\s().-]+$/;

export function searchPlanOf(query: string): SearchPlan {
  const text = query.trim();
  const plan: SearchPlan = {};
  const idLike = !/\s/.test(text) && lengthOf(text) <= maxIdLength;
  if (idLike) {
    plan.id = text;
    plan.billNo = text.toUpperCase();
  }
  const email = text.includes('@');
  if (email) plan.email = normalizeEmail(text);
  const phoneDigits = phoneQueryDigits(text);
  const phoneLike = phoneCharacters.test(text) && phoneDigits.length >= minPhoneDigits;
  if (phoneLike) {
    const reversedDigits = reversed(phoneDigits);
    plan.phone = { reversedDigits, partition: phonePartitionOf(reversedDigits) };
  }
  if (!email && !phoneLike) {
    const words = [...new Set(searchWordsOf(text))];
    const indexWord = words.reduce<string | undefined>((longest, word) => (lengthOf(word) >= namePartitionLength && (longest === undefined || lengthOf(word) > lengthOf(longest)) ? word : longest), undefined);
    if (indexWord !== undefined) plan.name = { words, indexWord, partition: namePartitionOf(indexWord) };
  }
  return plan;
}

/** How a customer was found, best first: exact ids, then unique keys, then the looser matches. */
export const matchKinds = ['customerId', 'billingAccount', 'bill', 'productOrder', 'email', 'billNo', 'phoneNumber', 'name'] as const;
export type MatchKind = (typeof matchKinds)[number];

export interface MatchedReference {
  id: string;
  '@referredType': 'BillingAccount' | 'CustomerBill' | 'ProductOrder';
  name?: string;
}

export interface SearchMatch {
  customerId: string;
  matchedOn: MatchKind;
  matched?: MatchedReference;
}

const rankOf = (kind: MatchKind): number => matchKinds.indexOf(kind);

/**
 * One match per customer, its best kept (the earlier kind; the first found among equals), in
 * the order of matchKinds, customers found the same way by name (then id), at most `limit`.
 * `nameOf` gives each customer's name; a customer it does not know is left out (gone, or not
 * readable), so a match never names a customer the answer cannot show.
 */
export function orderedMatches(matches: readonly SearchMatch[], nameOf: (customerId: string) => string | undefined, limit: number): SearchMatch[] {
  const best = new Map<string, SearchMatch>();
  for (const match of matches) {
    if (nameOf(match.customerId) === undefined) continue;
    const kept = best.get(match.customerId);
    if (!kept || rankOf(match.matchedOn) < rankOf(kept.matchedOn)) best.set(match.customerId, match);
  }
  const sortName = (match: SearchMatch) => normalizeSearchText(nameOf(match.customerId)!);
  return [...best.values()]
    .sort((a, b) => rankOf(a.matchedOn) - rankOf(b.matchedOn) || compareText(sortName(a), sortName(b)) || compareText(a.customerId, b.customerId))
    .slice(0, limit);
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What a search answers of a customer: who it is and how to reach it, the contact the agent will ask for. */
export interface CustomerSearchSummary {
  id: string;
  href: string;
  name: string;
  status: string;
  email?: string;
  phoneNumber?: string;
}

/** One customer of the search's answer, with how it was found: what the agent desktop lists. */
export interface CustomerSearchAnswer {
  customer: CustomerSearchSummary;
  matchedOn: MatchKind;
  matched?: MatchedReference;
}

export function customerSearchSummary(customer: Customer): CustomerSearchSummary {
  const hasEmail = customer.contactMedium.some((medium) => medium.mediumType.toLowerCase() === 'email' && medium.characteristic.emailAddress);
  const phoneNumber = phoneNumbersOf(customer.contactMedium)[0];
  return {
    id: customer.id,
    href: customer.href,
    name: customer.name,
    status: customer.status,
    ...(hasEmail ? { email: primaryEmail(customer.contactMedium) } : {}),
    ...(phoneNumber !== undefined ? { phoneNumber } : {}),
  };
}

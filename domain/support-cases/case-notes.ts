import { RuleViolationError } from '../shared/domain-errors.js';
import * as z from '../shared/zod.js';
import type { CaseActor } from './case-lifecycle.js';

/**
 * The notes of a support case: the conversation between the customer and the agents. Notes are
 * only ever added, never edited or removed, so what each side said stays on record; a request
 * names only the text, and the case gives each note its id, author and date.
 */
export const maxNoteLength = 2000;
/** Keeps a case (notes and status history in one item) far below DynamoDB's 400 KB. */
export const maxNotesPerCase = 100;

export const noteInputSchema = /* @__PURE__ */ z.lazy(() => z.strictObject({
  text: z.string().check(z.trim(), z.minLength(1, 'a note needs some text'), z.maxLength(maxNoteLength)),
  '@type': z.optional(z.literal('Note')),
}));
export type NoteInput = z.infer<typeof noteInputSchema>;

/** TMF621 Note, with the extension `authorRole` so a reader can tell the customer's words from the agents'. */
export interface CaseNote {
  id: string;
  author: string;
  authorRole: CaseActor;
  date: string;
  text: string;
  '@type': 'Note';
}

/** The case's notes with `added` after them, numbered on from the last, each by `author` at `now`. */
export function addCaseNotes(existing: readonly CaseNote[], added: readonly NoteInput[], author: { name: string; role: CaseActor }, now: string): CaseNote[] {
  if (existing.length + added.length > maxNotesPerCase) {
    throw new RuleViolationError('support-case-note-limit', `a case keeps at most ${maxNotesPerCase} notes and this one has ${existing.length}; open a new case to go on`);
  }
  return [
    ...existing,
    ...added.map((note, index): CaseNote => ({ id: String(existing.length + index + 1), author: author.name, authorRole: author.role, date: now, text: note.text, '@type': 'Note' })),
  ];
}

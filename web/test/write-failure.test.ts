import { describe, expect, it } from 'vitest';
import { ApiError } from '../shared/api-error.js';
import { translator } from '../shared/i18n/translate.js';
import { writeFailureMessage } from '../shared/write-failure.js';

const t = translator('en');
const answer = (status: number, message = 'because') => ApiError.fromStatus(status, { code: 'X', reason: 'r', status: String(status), message });

describe('writeFailureMessage', () => {
  it("says a change made meanwhile in the page's words, when it has some", () => {
    expect(writeFailureMessage(answer(412), t, 'case.changedMeanwhile')).toBe(t('case.changedMeanwhile'));
    expect(writeFailureMessage(answer(412, 'the version moved'), t)).toBe('The request was refused: the version moved');
  });

  it('asks to try again after no answer or a 5xx, and gives the API’s reason for any other refusal', () => {
    expect(writeFailureMessage(ApiError.network(new TypeError('Failed to fetch')), t)).toBe(t('error.network'));
    expect(writeFailureMessage(answer(503), t)).toBe(t('error.server'));
    expect(writeFailureMessage(answer(409, 'the case is over'), t)).toBe('The request was refused: the case is over');
  });
});

import type { ApiError } from './api-error.js';
import type { Translate } from './i18n/translate.js';
import type { MessageKey } from './i18n/messages-en.js';

/**
 * What a failed write tells the user, in one place for every form: a change made meanwhile
 * (412 on If-Match) in the page's own words when it has some, a failure that may pass (no
 * answer, 5xx) as one to try again, else the API's own reason.
 */
export function writeFailureMessage(error: ApiError, t: Translate, changedMeanwhile?: MessageKey): string {
  if (error.status === 412 && changedMeanwhile) return t(changedMeanwhile);
  if (error.retryable) return t(error.kind === 'network' ? 'error.network' : 'error.server');
  return t('error.rejected', { message: error.message });
}

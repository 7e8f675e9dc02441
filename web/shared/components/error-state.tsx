import type { ApiError } from '../api-error.js';
import { useI18n } from '../i18n/i18n-context.js';
import { NotFound } from './not-found.js';

/**
 * What a failed request shows instead of a blank page: a not-found page for a 404, a retry for
 * what may pass (5xx, no answer), and the API's own message for a refused request.
 * A 401 never gets here: the API client hands it to the sign-in.
 */
export function ErrorState({ error, retry, home }: { error: ApiError; retry: () => void; home: string }) {
  const { t } = useI18n();
  if (error.kind === 'notFound') return <NotFound home={home} />;
  const message =
    error.kind === 'network' ? t('error.network') : error.kind === 'server' ? t('error.server') : error.kind === 'forbidden' ? t('error.forbidden') : t('error.rejected', { message: error.message });
  return (
    <div class="error-state" role="alert">
      <h2>{t('error.title')}</h2>
      <p>{message}</p>
      {error.retryable && (
        <button type="button" onClick={retry}>
          {t('error.retry')}
        </button>
      )}
    </div>
  );
}

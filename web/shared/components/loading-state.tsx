import { useI18n } from '../i18n/i18n-context.js';

/** A polite live region, so a screen reader hears that something is coming. */
export function LoadingState() {
  const { t } = useI18n();
  return (
    <p class="loading" role="status" aria-live="polite">
      {t('state.loading')}
    </p>
  );
}

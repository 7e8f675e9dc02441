import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n/i18n-context.js';

/**
 * Shown for a path the app does not have and for a resource the API answers 404 for, which
 * includes another customer's: the API does not say whether it exists, and neither does this page.
 */
export function NotFound({ home }: { home: string }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title" tabIndex={-1} ref={heading}>
        {t('notFound.title')}
      </h1>
      <p>{t('notFound.body')}</p>
      <p>
        <a href={home}>{t('notFound.back')}</a>
      </p>
    </section>
  );
}

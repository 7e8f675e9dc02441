import { useState } from 'preact/hooks';
import { useApi } from '../api-context.js';
import type { ApiError } from '../api-error.js';
import { useI18n } from '../i18n/i18n-context.js';

/**
 * A document to save (a bill's PDF, the customer's data). The API wants the bearer token like
 * every route, which a plain link cannot send, so the button fetches it and hands the browser
 * the file to save.
 */
export function DownloadButton({ id, path, accept, fileName, label, busyLabel, missingText }: { id: string; path: string; accept: string; fileName: string; label: string; busyLabel: string; missingText: string }) {
  const api = useApi();
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'busy' | 'missing' | 'failed'>('idle');
  const download = async () => {
    setState('busy');
    try {
      const file = await api.blob(path, accept);
      const url = URL.createObjectURL(file);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.click();
      // The browser has taken the file once the click is handled; the URL is not needed after.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState('idle');
    } catch (error) {
      setState((error as ApiError).kind === 'notFound' ? 'missing' : 'failed');
    }
  };
  return (
    <p class="document">
      <button type="button" onClick={download} disabled={state === 'busy'} aria-describedby={state === 'idle' ? undefined : id}>
        {state === 'busy' ? busyLabel : label}
      </button>{' '}
      {state === 'missing' && (
        <span id={id} role="status">
          {missingText}
        </span>
      )}
      {state === 'failed' && (
        <span id={id} role="alert">
          {t('error.server')}
        </span>
      )}
    </p>
  );
}

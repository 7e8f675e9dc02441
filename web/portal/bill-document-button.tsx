import { useState } from 'preact/hooks';
import { useApi } from '../shared/api-context.js';
import type { ApiError } from '../shared/api-error.js';
import { apiPaths } from '../shared/api-types.js';
import { useI18n } from '../shared/i18n/i18n-context.js';

/**
 * The bill's PDF. The document route wants the bearer token like every route, which a plain link
 * cannot send, so the button fetches it and hands the browser the file to save.
 */
export function BillDocumentButton({ billId, fileName }: { billId: string; fileName: string }) {
  const api = useApi();
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'busy' | 'missing' | 'failed'>('idle');
  const download = async () => {
    setState('busy');
    try {
      const pdf = await api.blob(`${apiPaths.customerBill}/${encodeURIComponent(billId)}/document`, 'application/pdf');
      const url = URL.createObjectURL(pdf);
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
      <button type="button" onClick={download} disabled={state === 'busy'} aria-describedby={state === 'idle' ? undefined : `document-${billId}`}>
        {state === 'busy' ? t('bill.downloading') : t('bill.download')}
      </button>{' '}
      {state === 'missing' && (
        <span id={`document-${billId}`} role="status">
          {t('bill.noDocument')}
        </span>
      )}
      {state === 'failed' && (
        <span id={`document-${billId}`} role="alert">
          {t('error.server')}
        </span>
      )}
    </p>
  );
}

import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api-error.js';

export type RequestState<T> =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError; retry: () => void }
  | { status: 'done'; data: T };

/**
 * Runs a page's requests when its inputs change and on retry, so every page has the same three
 * states: loading, failed (with a retry), done. An answer that arrives after the inputs changed
 * is dropped, so a quick navigation never shows the previous page's data.
 */
export function useRequest<T>(load: () => Promise<T>, inputs: readonly unknown[]): RequestState<T> {
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((count) => count + 1), []);
  const [state, setState] = useState<RequestState<T>>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    load().then(
      (data) => current && setState({ status: 'done', data }),
      (error: unknown) => current && setState({ status: 'failed', error: error instanceof ApiError ? error : ApiError.network(error), retry }),
    );
    return () => {
      current = false;
    };
  }, [...inputs, attempt]);
  return state;
}

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api-error.js';

export type RequestState<T> =
  | { status: 'loading' }
  | { status: 'failed'; error: ApiError; retry: () => void }
  | { status: 'done'; data: T; reload: () => void };

/**
 * Runs a page's requests when its inputs change and on retry, so every page has the same three
 * states: loading, failed (with a retry), done. An answer that arrives after the inputs changed
 * is dropped, so a quick navigation never shows the previous page's data. `reload` asks again
 * while the page keeps showing what it has (a bill after it was paid, orders moving on), so the
 * page does not flash a loading state; a reload that fails shows the error state.
 */
export function useRequest<T>(load: () => Promise<T>, inputs: readonly unknown[]): RequestState<T> {
  const [attempt, setAttempt] = useState(0);
  const quiet = useRef(false);
  const retry = useCallback(() => setAttempt((count) => count + 1), []);
  const reload = useCallback(() => {
    quiet.current = true;
    setAttempt((count) => count + 1);
  }, []);
  const [state, setState] = useState<RequestState<T>>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    if (!quiet.current) setState({ status: 'loading' });
    quiet.current = false;
    load().then(
      (data) => current && setState({ status: 'done', data, reload }),
      (error: unknown) => current && setState({ status: 'failed', error: error instanceof ApiError ? error : ApiError.network(error), retry }),
    );
    return () => {
      current = false;
    };
  }, [...inputs, attempt]);
  return state;
}

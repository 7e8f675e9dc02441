import type { ApiError } from './api-error.js';

/** Where a form's write stands: nothing yet, running, done, or failed with the API's error. */
export type Saving = 'idle' | 'busy' | 'saved' | { error: ApiError };

/** One save of a form: busy while it runs, then saved (and the page told) or the failure kept. */
export async function save(setSaving: (saving: Saving) => void, write: () => Promise<unknown>, onSaved: () => void): Promise<void> {
  setSaving('busy');
  try {
    await write();
    setSaving('saved');
    onSaved();
  } catch (error) {
    setSaving({ error: error as ApiError });
  }
}

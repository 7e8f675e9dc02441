import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { WebConfig } from './web-config.js';

/** The app's config.json as main.tsx read it at start, or why it could not. */
export type WebConfigState = { config: WebConfig } | { failure: string };

const WebConfigContext = createContext<WebConfigState | undefined>(undefined);

export function WebConfigProvider({ state, children }: { state: WebConfigState; children: ComponentChildren }) {
  return <WebConfigContext.Provider value={state}>{children}</WebConfigContext.Provider>;
}

export function useWebConfigState(): WebConfigState {
  const state = useContext(WebConfigContext);
  if (!state) throw new Error('useWebConfigState outside WebConfigProvider');
  return state;
}

/** The configuration, under the AuthGate (which renders nothing else when it could not be read). */
export function useWebConfig(): WebConfig {
  const state = useWebConfigState();
  if ('failure' in state) throw new Error(`useWebConfig without a configuration: ${state.failure}`);
  return state.config;
}

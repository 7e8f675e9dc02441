import { render } from 'preact';
import '../shared/styles.css';
import { loadWebConfig } from '../shared/auth/web-config.js';
import { WebConfigProvider, type WebConfigState } from '../shared/auth/web-config-context.js';
import { AgentApp } from './agent-app.js';

// Where the API and the sign-in are (config.json beside index.html on AWS, none locally), read
// before the first render; the page's static "Loading…" stays until then.
const configState: WebConfigState = await loadWebConfig('agent').then(
  (config) => ({ config }),
  (error: unknown) => ({ failure: (error as Error).message }),
);
const root = document.getElementById('app')!;
// Preact renders beside what it finds, so the placeholder goes first.
root.replaceChildren();
render(
  <WebConfigProvider state={configState}>
    <AgentApp />
  </WebConfigProvider>,
  root,
);

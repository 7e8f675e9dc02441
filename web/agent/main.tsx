import { render } from 'preact';
import '../shared/styles.css';
import { AgentApp } from './agent-app.js';

const root = document.getElementById('app')!;
// The page's static "Loading…" is there until the script runs; Preact renders beside what it finds, so it goes first.
root.replaceChildren();
render(<AgentApp />, root);

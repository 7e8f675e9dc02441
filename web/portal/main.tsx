import { render } from 'preact';
import '../shared/styles.css';
import { PortalApp } from './portal-app.js';

const root = document.getElementById('app')!;
// The page's static "Loading…" is there until the script runs; Preact renders beside what it finds, so it goes first.
root.replaceChildren();
render(<PortalApp />, root);

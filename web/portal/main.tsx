import { render } from 'preact';
import '../shared/styles.css';
import { PortalApp } from './portal-app.js';

render(<PortalApp />, document.getElementById('app')!);

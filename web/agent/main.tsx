import { render } from 'preact';
import '../shared/styles.css';
import { AgentApp } from './agent-app.js';

render(<AgentApp />, document.getElementById('app')!);

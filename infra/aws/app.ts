/**
 * CDK entry point (cdk.json "app"). The stack, the nag checks and the context handling live in
 * bss-app.ts, so tests build exactly the same app without running this file.
 */
import { createBssApp } from './bss-app.js';

createBssApp().app.synth();

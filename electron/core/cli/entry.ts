// `npm run cli`: check the Node version before anything loads the SQLite addon (which segfaults on
// Node 20), then run the CLI. Static imports would load first, hence the dynamic one.
import { exitOnUnsupportedNode } from '../nodeVersion';

exitOnUnsupportedNode();
await import('./main');

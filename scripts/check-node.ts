// `npm test` and `npm run bench` start here: one clear line and exit 1 on a Node older than 22.12.
import { exitOnUnsupportedNode } from '../electron/core/nodeVersion';

exitOnUnsupportedNode();

/**
 * Builds the back office's front-end bundle once, at build time (`npm run build`): AdminJS in production mode
 * writes it to dist/admin-bundle, and the app serves it from there without bundling at start.
 */
import { PREBUILT_BUNDLE_DIR } from './bundle-location.js';

process.env.NODE_ENV = 'production';
process.env.ADMIN_JS_TMP_DIR = PREBUILT_BUNDLE_DIR;
delete process.env.ADMIN_JS_SKIP_BUNDLE;

const { default: AdminJS } = await import('adminjs');
const { componentLoader } = await import('./components.js');
const started = Date.now();
await new AdminJS({ rootPath: '/admin', componentLoader }).initialize();
console.log(`Back-office bundle written to ${PREBUILT_BUNDLE_DIR} in ${Date.now() - started} ms`);

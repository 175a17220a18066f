import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The back office's front-end bundle, built at build time by `node dist/src/admin/bundle.js` (part of
 * `npm run build`) next to the compiled code: dist/admin-bundle. AdminJS reads these variables when it is
 * imported, so set them first.
 */
export const PREBUILT_BUNDLE_DIR = fileURLToPath(new URL('../../admin-bundle', import.meta.url));

/**
 * Points AdminJS at the prebuilt bundle when there is one, and tells it not to bundle at start. Without one
 * (running from source, tests) AdminJS bundles the few custom components on first use. ADMIN_JS_TMP_DIR set by
 * the operator wins.
 */
export function usePrebuiltBundle(): void {
  if (process.env.ADMIN_JS_TMP_DIR || !existsSync(join(PREBUILT_BUNDLE_DIR, 'bundle.js'))) return;
  process.env.ADMIN_JS_TMP_DIR = PREBUILT_BUNDLE_DIR;
  process.env.ADMIN_JS_SKIP_BUNDLE ??= 'true';
}

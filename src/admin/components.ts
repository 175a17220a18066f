import { ComponentLoader } from 'adminjs';

/**
 * The back office's own React components (dashboard, custom actions): add them here, by the path of their
 * source file, so that the build-time bundle (bundle.ts) and the running app use the same list.
 */
export const componentLoader = new ComponentLoader();

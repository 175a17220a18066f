import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ComponentLoader } from 'adminjs';

/**
 * The back office's own React components (src/admin/components/), added here so that the build-time bundle
 * (bundle.ts) and the running app use the same list. A component is named without its extension: from source
 * (tests) AdminJS finds the .tsx file, from dist (the built app) the .js that `nest build` compiled from it.
 */
export const componentLoader = new ComponentLoader();

const here = dirname(fileURLToPath(import.meta.url));
const component = (file: string) => join(here, 'components', file);

export const Components = {
  // the confirmation page of a one-click workflow step (adapter/actions.ts recordAction)
  ConfirmStep: componentLoader.add('ConfirmStep', component('confirm-step')),
  // a form on the same record in another resource, opened with a full page load (adapter/actions.ts formAction)
  OpenPage: componentLoader.add('OpenPage', component('open-page')),
  Dashboard: componentLoader.add('Dashboard', component('dashboard')),
  // the list page's Export drawer, the customer import page and the profile print drawer (adapter/actions.ts)
  ExportList: componentLoader.add('ExportList', component('export-list')),
  ImportCustomers: componentLoader.add('ImportCustomers', component('import-customers')),
  PrintProfile: componentLoader.add('PrintProfile', component('print-profile')),
  ReportsPage: componentLoader.add('ReportsPage', component('reports-page')),
  // the sidebar's page links, shown only to staff whose permissions allow the page
  SidebarPages: componentLoader.override('SidebarPages', component('sidebar-pages')),
};

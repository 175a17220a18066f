import type { AdminJSOptions } from 'adminjs';
import type { DataSource } from 'typeorm';
import { buildResource } from './adapter/build-resource.js';
import { ADMIN_STYLES_PATH } from './admin-styles.js';
import { ADMIN_ROOT } from './back-office.js';
import type { Resolve, ResourceSpec } from './adapter/resource-spec.js';
import { ServiceResource } from './adapter/service-resource.js';
import { Components, componentLoader } from './components.js';
import { dashboardHandler } from './dashboard/dashboard.handler.js';
import { reportsPageHandler } from './pages/reports-page.handler.js';
import { buildTranslations, LANGUAGES } from './locale/translations.js';
import { contactResource } from './resources/contacts.resource.js';
import { courseResource } from './resources/courses.resource.js';
import { customerResource } from './resources/customers.resource.js';
import {
  enrollmentCancellationResource,
  enrollmentRejectionResource,
  enrollmentResource,
} from './resources/enrollments.resource.js';
import {
  feedbackAssignmentResource,
  feedbackResolutionResource,
  feedbackResource,
} from './resources/feedback.resource.js';
import { followUpResource } from './resources/followups.resource.js';
import { channelSpendResource, competitorResource } from './resources/market.resource.js';
import { lessonResource } from './resources/lessons.resource.js';
import { paymentResource } from './resources/payments.resource.js';
import { roleResource } from './resources/roles.resource.js';
import { staffPasswordResource, staffResource } from './resources/staff.resource.js';
import { campusResource, classResource } from './resources/teaching.resource.js';
import { studyRecordResource } from './resources/study-records.resource.js';
import { tagResource } from './resources/tags.resource.js';

/** Every back-office resource, in sidebar order: one short spec each over its module's services. */
export function resourceSpecs(resolve: Resolve): ResourceSpec<{ id: number }>[] {
  return [
    customerResource(resolve),
    contactResource(resolve),
    tagResource(resolve),
    followUpResource(resolve),
    paymentResource(resolve),
    competitorResource(resolve),
    channelSpendResource(resolve),
    enrollmentResource(resolve),
    enrollmentRejectionResource(resolve),
    enrollmentCancellationResource(resolve),
    courseResource(resolve),
    campusResource(resolve),
    classResource(resolve),
    lessonResource(resolve),
    studyRecordResource(resolve),
    feedbackResource(resolve),
    feedbackAssignmentResource(resolve),
    feedbackResolutionResource(resolve),
    staffResource(resolve),
    staffPasswordResource(resolve),
    roleResource(resolve),
  ];
}

/** The AdminJS configuration: resources, the dashboard and the reports page, English and Chinese, branding. */
export function adminOptions(resolve: Resolve, dataSource: DataSource): AdminJSOptions {
  const resources = resourceSpecs(resolve).map((spec) => buildResource(spec, dataSource));
  return {
    rootPath: ADMIN_ROOT,
    loginPath: `${ADMIN_ROOT}/login`,
    logoutPath: `${ADMIN_ROOT}/logout`,
    resources,
    componentLoader,
    dashboard: { component: Components.Dashboard, handler: dashboardHandler(resolve, dataSource) },
    pages: {
      reports: {
        component: Components.ReportsPage,
        handler: reportsPageHandler(resolve, dataSource),
        icon: 'BarChart2',
      },
    },
    branding: { companyName: 'EasyCRM', logo: false, withMadeWithLove: false },
    assets: { styles: [`${ADMIN_ROOT}${ADMIN_STYLES_PATH}`] },
    settings: { defaultPerPage: 20 },
    locale: {
      language: 'en',
      availableLanguages: [...LANGUAGES],
      localeDetection: true, // the browser's language first; the switch in the top bar remembers a choice
      keySeparator: false, // keys may contain dots (sub-properties such as contacts.relation)
      translations: buildTranslations(resources.map(({ resource }) => resource as ServiceResource)),
    },
  };
}

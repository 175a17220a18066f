import type { LocaleTranslations } from 'adminjs';
import type { CodeTable } from '../../common/codes/code-table.js';
import type { PropertyInfo } from '../adapter/properties.js';
import {
  ACTION_LABELS,
  FIELD_LABELS,
  GROUP_LABELS,
  MESSAGE_LABELS,
  RESOURCE_FIELD_LABELS,
  RESOURCE_LABELS,
  type Label,
} from './labels.js';
import {
  DASHBOARD_LABELS,
  EXPORT_LIST_LABELS,
  IMPORT_CUSTOMERS_LABELS,
  PAGE_LABELS,
  PAGES_SECTION_LABEL,
  PRINT_PROFILE_LABELS,
  REPORTS_PAGE_LABELS,
} from './page-labels.js';

export const LANGUAGES = ['en', 'zh-CN'] as const;
type Language = (typeof LANGUAGES)[number];

/** What translations need of a resource: its id and properties (whose code tables give the select labels). */
export interface TranslatedResource {
  id(): string;
  infos: PropertyInfo[];
}

const YES: Label = ['Yes', '是'];
const NO: Label = ['No', '否'];

const pick = (label: Label, language: Language) => (language === 'en' ? label[0] : label[1]);
const each = (labels: Record<string, Label>, language: Language) =>
  Object.fromEntries(Object.entries(labels).map(([key, label]) => [key, pick(label, language)]));

/** A code table's labels by key (the value of its select: see adapter/code-values.ts). */
const codeLabels = (table: CodeTable, language: Language): Record<string, string> =>
  Object.fromEntries(table.items.map((item) => [item.key, language === 'en' ? item.en : item.zh]));

const fieldLabel = (resourceId: string, name: string): Label | undefined =>
  RESOURCE_FIELD_LABELS[resourceId]?.[name] ?? FIELD_LABELS[name];

function resourceBlock(resource: TranslatedResource, language: Language) {
  const properties: Record<string, string> = {};
  const labels: Record<string, unknown> = {};
  for (const info of resource.infos) {
    const text = fieldLabel(resource.id(), info.name);
    if (text) properties[info.name] = pick(text, language);
    if (info.codes) labels[info.name] = codeLabels(info.codes, language);
    if (info.type === 'boolean') labels[info.name] = { true: pick(YES, language), false: pick(NO, language) };
    if (info.choices) {
      labels[info.name] = Object.fromEntries(
        Object.entries(info.choices).map(([key, label]) => [key, language === 'en' ? label.en : label.zh]),
      );
    }
    for (const sub of info.subProperties)
      if (sub.codes) labels[`${info.name}.${sub.name}`] = codeLabels(sub.codes, language);
  }
  return { properties, labels };
}

/**
 * Labels of sub-properties (`contacts.name`), at the top level: AdminJS merges its translations through an
 * object that cannot hold both `contacts` and `contacts.name` under one resource, and looks here second.
 */
function subPropertyLabels(resources: TranslatedResource[], language: Language): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const resource of resources) {
    for (const info of resource.infos) {
      for (const sub of info.subProperties) {
        const text = fieldLabel(resource.id(), sub.name);
        if (text) labels[`${info.name}.${sub.name}`] = pick(text, language);
      }
    }
  }
  return labels;
}

/**
 * AdminJS translations for English and Simplified Chinese: navigation groups, resource names, field labels,
 * action names, our notices, and every code-table value (from codes.ts, the one definition of them).
 * Keys are flat (the locale sets `keySeparator: false`), so a key may contain dots: `contacts.relation`.
 */
export function buildTranslations(resources: TranslatedResource[]): Record<Language, LocaleTranslations> {
  const translations = {} as Record<Language, LocaleTranslations>;
  for (const language of LANGUAGES) {
    translations[language] = {
      labels: {
        ...each(GROUP_LABELS, language),
        ...each(RESOURCE_LABELS, language),
        pages: pick(PAGES_SECTION_LABEL, language),
      },
      pages: each(PAGE_LABELS, language),
      actions: each(ACTION_LABELS, language),
      properties: subPropertyLabels(resources, language),
      messages: each(MESSAGE_LABELS, language),
      buttons: { login: pick(['Sign in', '登录'], language), logout: pick(['Sign out', '退出'], language) },
      components: {
        Dashboard: each(DASHBOARD_LABELS, language),
        ReportsPage: each(REPORTS_PAGE_LABELS, language),
        ExportList: each(EXPORT_LIST_LABELS, language),
        PrintProfile: each(PRINT_PROFILE_LABELS, language),
        ImportCustomers: each(IMPORT_CUSTOMERS_LABELS, language),
        LanguageSelector: { availableLanguages: { en: 'English', 'zh-CN': '简体中文' } },
        Login: {
          welcomeHeader: 'EasyCRM',
          welcomeMessage: pick(
            [
              'The back office: customers, sales, enrollment, teaching and service.',
              '员工后台：客户、销售、报名、教学与服务。',
            ],
            language,
          ),
          properties: { email: pick(['Username', '用户名'], language), password: pick(['Password', '密码'], language) },
          loginButton: pick(['Sign in', '登录'], language),
        },
      },
      resources: Object.fromEntries(resources.map((resource) => [resource.id(), resourceBlock(resource, language)])),
    };
  }
  return translations;
}

export type Lang = 'en' | 'zh';

export interface CodeItem {
  code: number;
  key: string;
  en: string;
  zh: string;
}

/** `key: [code, English label, Chinese label]` */
type ItemSpec = Record<string, readonly [number, string, string]>;

export interface CodeTable<S extends ItemSpec = ItemSpec> {
  name: string;
  en: string;
  zh: string;
  items: readonly CodeItem[];
  /** Codes by key, for business logic: `CustomerStatus.code.enrolled` */
  code: { readonly [K in keyof S]: S[K][0] };
  values: readonly number[];
  defaultCode?: number;
  has(code: unknown): code is number;
  label(code: number, lang?: Lang): string;
}

/**
 * One code table of the "unified information coding": numeric codes with English and Chinese labels.
 * Entities store the number; DTOs, Swagger, the back office, reports and `GET /codes` read this definition.
 */
export function codeTable<const S extends ItemSpec>(
  name: string,
  labels: { en: string; zh: string; defaultKey?: keyof S & string },
  spec: S,
): CodeTable<S> {
  const items = Object.entries(spec).map(([key, [code, en, zh]]) => ({ code, key, en, zh }));
  const byCode = new Map(items.map((item) => [item.code, item]));
  if (byCode.size !== items.length) throw new Error(`Code table ${name} repeats a code`);
  const code = Object.fromEntries(items.map((item) => [item.key, item.code])) as CodeTable<S>['code'];
  return {
    name,
    en: labels.en,
    zh: labels.zh,
    items,
    code,
    values: items.map((item) => item.code),
    defaultCode: labels.defaultKey === undefined ? undefined : spec[labels.defaultKey][0],
    has: (value: unknown): value is number => typeof value === 'number' && byCode.has(value),
    label: (value: number, lang: Lang = 'en') => byCode.get(value)?.[lang] ?? String(value),
  };
}

/** A code with its labels, as reports and exports answer it: `{ code: 1, en: 'QQ group', zh: 'QQ群' }`. */
export interface CodeLabel {
  code: number;
  en: string;
  zh: string;
}

export function codeLabel(table: CodeTable, code: number): CodeLabel {
  return { code, en: table.label(code, 'en'), zh: table.label(code, 'zh') };
}

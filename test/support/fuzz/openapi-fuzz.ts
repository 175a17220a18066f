import { Random } from '../../../bench/seed/random.js';

/** The parts of an OpenAPI 3 schema the fuzzer reads. */
export interface Schema {
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  pattern?: string;
  nullable?: boolean;
  $ref?: string;
  allOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

interface OpenApiOperation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Schema> };
}

export interface Operation {
  method: string;
  /** The path template, e.g. `/api/v1/customers/{id}`. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body?: { contentType: string; schema: Schema };
}

export interface FuzzRequest {
  operation: string;
  /** What makes the request invalid. */
  mutation: string;
  method: string;
  /** Path and query string, percent-encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string | FormData;
}

/** Valid values the fuzzer starts from: ids of seeded rows and the few strings with a required pattern. */
export interface FuzzContext {
  /** A valid value for a path parameter (by path template and name). */
  pathValue(path: string, name: string): string;
  /** A valid value for a body or query field named `name` (an id of a seeded row), if the name is known. */
  fieldValue(name: string): unknown;
}

const SQL = ["' OR '1'='1", '1; DROP TABLE customer; --', '1) OR (1=1', "' UNION SELECT password FROM staff --"];
const HTML = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>'];
/** Odd text that the API must still refuse where it appears (a bad id, enum, date…), never crash on. */
const ODD = ['\u0000', 'a\u0000b', '\u202Eevil', '💥', '\uFEFF', '\u200B', 'Ω≈ç√', '١٢٣', '\u0301'];
const LONE_SURROGATES = ['\uD800', 'ok\uDFFF', '\uDBFF\uDBFF'];

/** Path ids that name no row (or are not ids at all). */
const BAD_IDS = [
  'abc',
  '-1',
  '0',
  '1.5',
  '1e3',
  '0x1F',
  '+1',
  ' 1',
  '99999999999999999999',
  '9007199254740993',
  '-99999999999999999999',
  'NaN',
  'Infinity',
  'null',
  '[]',
  ...SQL,
  ...HTML,
  ...ODD,
];
const BAD_DATES = [
  'not-a-date',
  '2026-02-30',
  '2026-13-01',
  '2026-01-01T25:61:00Z',
  '99999-01-01',
  '0000-00-00',
  '2026/01/01 junk',
  "2026-01-01' OR '1'='1",
  ...HTML,
  ...ODD,
];
const BAD_NUMBER_TEXT = [
  'abc',
  '1.5',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  'true',
  '[object Object]',
  ...SQL,
  ...HTML,
];
const UNKNOWN_FIELDS = ['zzUnknown', 'id', 'createdAt', 'deletedAt', 'isAdmin', 'role', '__proto__', 'constructor'];
const BROKEN_JSON = ['{', '{"a":1', "{'a':1}", '{"a":1,}', '[1,2', 'nul', '{"a":"\\x"}', '{"a":1}garbage', '\u0000'];

const isDateName = (name: string) => /^(date|from|to|(created|paid)(From|To))$|(Date|At)$/.test(name);
const isIdName = (name: string) => /(^id$|Id$|Ids$|^version$)/.test(name);
/** Every number in this API is an integer (ids, codes, versions, counts, money in fen). */
const isIntegerSchema = (schema: Schema) => schema.type === 'number' || schema.type === 'integer';

/** The text of `length` characters (not UTF-16 units: validators count code points), mixed scripts. */
function longText(random: Random, length: number): string {
  // no spaces or dashes: phone numbers lose them before their length is checked, and would fit again
  const alphabet = ['a', '中', 'ü', 'Z', 'x', '\u202E', '\u0000', 'é'];
  let text = '';
  for (let i = 0; i < length; i++) text += random.pick(alphabet);
  return text;
}

export class OpenApiFuzzer {
  readonly operations: Operation[];

  constructor(
    private readonly doc: OpenApiDocument,
    private readonly random: Random,
    private readonly context: FuzzContext,
  ) {
    this.operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const parameters = (op.parameters ?? []).map((p) => ({ ...p, schema: this.resolve(p.schema ?? {}) }));
        const [contentType, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
        return {
          method: method.toUpperCase(),
          path,
          pathParams: parameters.filter((p) => p.in === 'path'),
          queryParams: parameters.filter((p) => p.in === 'query'),
          body: contentType ? { contentType, schema: this.resolve(media.schema) } : undefined,
        };
      }),
    );
  }

  /** One request to `op` that carries at least one thing the API must refuse. */
  request(op: Operation): FuzzRequest {
    const mutations = this.mutationsFor(op);
    const [mutation, apply] = this.random.pick(mutations);
    const draft = this.baseRequest(op);
    apply(draft);
    const query = draft.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(draft.path[name]));
    return {
      operation: `${op.method} ${op.path}`,
      mutation: `${mutation}${draft.note ? `: ${draft.note}` : ''}`,
      method: op.method,
      url: query ? `${path}?${query}` : path,
      headers: draft.headers,
      body: draft.rawBody ?? (draft.body === undefined ? undefined : serialiseBody(JSON.stringify(draft.body))),
    };
  }

  private resolve(schema: Schema): Schema {
    if (schema.$ref) return this.resolve(this.doc.components.schemas[schema.$ref.split('/').pop()!]);
    if (schema.allOf?.length === 1) return { ...schema, ...this.resolve(schema.allOf[0]), allOf: undefined };
    const resolved: Schema = { ...schema };
    if (schema.items) resolved.items = this.resolve(schema.items);
    if (schema.properties) {
      resolved.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, this.resolve(v)]));
    }
    return resolved;
  }

  private baseRequest(op: Operation): Draft {
    const draft: Draft = {
      path: Object.fromEntries(op.pathParams.map((p) => [p.name, this.context.pathValue(op.path, p.name)])),
      query: op.queryParams.filter((p) => p.required).map((p) => [p.name, String(this.validValue(p.name, p.schema))]),
      headers: {},
    };
    if (op.body?.contentType === 'application/json') {
      draft.headers['content-type'] = 'application/json';
      draft.body = this.validValue('body', op.body.schema);
    } else if (op.body?.contentType === 'multipart/form-data') {
      const form = new FormData();
      form.append('file', new Blob(['name,qq\n']), 'customers.csv');
      draft.rawBody = form;
    }
    return draft;
  }

  /** A plausible valid value (optional fields sometimes left out). */
  private validValue(name: string, schema: Schema): unknown {
    const known = this.context.fieldValue(name);
    if (known !== undefined && schema.type !== 'array') return known;
    if (schema.enum?.length) return schema.enum[0];
    switch (schema.type) {
      case 'number':
      case 'integer':
        return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 1, 1));
      case 'boolean':
        return false;
      case 'array': {
        const item = schema.items ?? {};
        if (item.enum?.length) return [item.enum[0]];
        const value = this.validValue(name.replace(/s$/, ''), item);
        return value === undefined ? [] : [value];
      }
      case 'object': {
        const body: Record<string, unknown> = {};
        for (const [key, prop] of Object.entries(schema.properties ?? {})) {
          if (schema.required?.includes(key) || this.random.chance(0.3)) body[key] = this.validValue(key, prop);
        }
        return body;
      }
      default:
        if (isDateName(name)) return '2026-03-02';
        return schema.maxLength ? 'fuzz'.slice(0, schema.maxLength) : 'fuzz';
    }
  }

  private mutationsFor(op: Operation): [string, Mutation][] {
    const r = this.random;
    const list: [string, Mutation][] = [];
    for (const p of op.pathParams) {
      list.push([
        `bad path ${p.name}`,
        (d) => {
          d.path[p.name] =
            p.schema.type === 'string' ? r.pick([...SQL, ...HTML, ...ODD, 'x'.repeat(300)]) : r.pick(BAD_IDS);
          d.note = JSON.stringify(d.path[p.name]);
        },
      ]);
    }
    for (const p of op.queryParams) {
      const bad = this.badQueryValues(p, op.path.endsWith('/export'));
      if (bad.length) {
        list.push([
          `bad query ${p.name}`,
          (d) => {
            const value = r.pick(bad);
            d.query = d.query.filter(([k]) => k !== p.name);
            d.query.push([p.name, value]);
            d.note = JSON.stringify(value);
          },
        ]);
      }
      if (p.schema.type !== 'array') {
        list.push([`query ${p.name} given twice`, (d) => d.query.push([p.name, '1'], [p.name, '2'])]);
      }
      if (p.required) {
        list.push([`query ${p.name} missing`, (d) => void (d.query = d.query.filter(([k]) => k !== p.name))]);
      }
    }
    if (op.queryParams.length) {
      list.push([
        'unknown query parameter',
        (d) => {
          const name = r.pick(UNKNOWN_FIELDS.filter((f) => !op.queryParams.some((p) => p.name === f)));
          d.query.push([name, r.pick(['1', ...SQL])]);
          d.note = name;
        },
      ]);
    }
    if (op.body?.contentType === 'application/json') {
      const schema = op.body.schema;
      const fields = this.fieldPaths(schema, []);
      for (const field of fields) {
        const bad = this.badBodyValues(field.name, field.schema, field.required);
        list.push([
          `bad body ${field.path.join('.')}`,
          (d) => {
            const value = r.pick(bad);
            d.body = setAt(d.body, field.path, value);
            d.note = describe(value);
          },
        ]);
        if (field.required) {
          list.push([`body ${field.path.join('.')} missing`, (d) => void (d.body = setAt(d.body, field.path, REMOVE))]);
        }
      }
      list.push([
        'unknown body field',
        (d) => {
          const objects = this.objectPaths(schema, []);
          const at = r.pick(objects);
          const known = Object.keys(at.schema.properties ?? {});
          const name = r.pick(UNKNOWN_FIELDS.filter((f) => !known.includes(f)));
          d.body = setAt(d.body, [...at.path, name], r.pick([1, 'x', null, { admin: true }, SQL[0]]));
          d.note = [...at.path, name].join('.');
        },
      ]);
      list.push([
        'body of the wrong shape',
        (d) => {
          d.body = r.pick<unknown>(
            schema.type === 'array' ? [{}, { items: [] }, 'x', 1] : [[], [{}], 'x', 1, true, [d.body]],
          );
          d.note = JSON.stringify(d.body);
        },
      ]);
      list.push([
        'wrong content type',
        (d) => {
          const text = JSON.stringify(d.body);
          const [type, body] = r.pick<[string, string]>([
            ['text/plain', text],
            ['application/x-www-form-urlencoded', formEncode(d.body)],
            ['application/xml', '<body/>'],
            [
              'multipart/form-data; boundary=fuzz',
              `--fuzz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--fuzz--`,
            ],
            ['application/json; charset=utf-7', text],
            ['application/octet-stream', text],
          ]);
          d.headers['content-type'] = type;
          d.rawBody = body;
          d.note = type;
        },
      ]);
    }
    if (op.body?.contentType === 'multipart/form-data') {
      list.push(['upload without its file', (d) => void (d.rawBody = new FormData())]);
      list.push([
        'upload sent as JSON',
        (d) => {
          d.headers['content-type'] = 'application/json';
          d.rawBody = JSON.stringify({ file: 'name,qq\n' });
        },
      ]);
    }
    // every route's body parser reads a JSON body, whatever the method
    list.push([
      'broken JSON',
      (d) => {
        d.headers['content-type'] = 'application/json';
        d.rawBody = r.pick(BROKEN_JSON);
        d.note = JSON.stringify(d.rawBody);
      },
    ]);
    if (op.body || r.chance(0.3)) {
      list.push([
        'body over the size limit',
        (d) => {
          d.headers['content-type'] = 'application/json';
          d.rawBody = JSON.stringify({
            ...(isObject(d.body) ? d.body : {}),
            memo: 'x'.repeat(r.int(110_000, 509_999)),
          });
        },
      ]);
    }
    return list;
  }

  /** `isExport`: an export accepts its list's paging and sort but ignores them (only their form is checked). */
  private badQueryValues(p: Parameter, isExport: boolean): string[] {
    const { schema, name } = p;
    const odd = this.random.pick(ODD);
    if (schema.type === 'array') {
      return [
        'abc',
        '1,abc',
        '-1',
        '1.5',
        '99999999999999999999',
        Array.from({ length: 101 }, (_, i) => i + 1).join(','),
        ...SQL,
        odd,
      ];
    }
    if (schema.enum?.length) {
      return ['999', '-1', '2.5', 'abc', `${schema.enum[0]}${odd}`, ...SQL, ...HTML].filter(
        (v) => !schema.enum!.map(String).includes(v),
      );
    }
    if (isIntegerSchema(schema)) {
      const values = [...BAD_NUMBER_TEXT, odd, '99999999999999999999'];
      if ((schema.minimum ?? (isIdName(name) ? 1 : -Infinity)) > -1) values.push('-1');
      if (schema.maximum !== undefined) values.push(String(schema.maximum + 1));
      return values;
    }
    if (schema.type === 'boolean') return ['maybe', 'yes', '2', '', 'TRUE', odd, ...SQL];
    if (name === 'sort') {
      const unknown = isExport ? [] : ['nosuchfield', '-passwordHash'];
      return [...unknown, 'name;DROP TABLE customer', 'id desc', 'name,,', ...SQL, ...HTML, odd];
    }
    if (name === 'cursor' && isExport) return ['x'.repeat(201)];
    if (name === 'cursor')
      return ['abc', 'x'.repeat(201), Buffer.from(`{"id":"${SQL[0]}"}`).toString('base64url'), ...SQL, ...HTML, odd];
    if (isDateName(name)) return BAD_DATES;
    if (schema.maxLength !== undefined)
      return [longText(this.random, this.random.int(schema.maxLength + 1, schema.maxLength + 300))];
    return [];
  }

  private badBodyValues(name: string, schema: Schema, required: boolean): unknown[] {
    const r = this.random;
    const values: unknown[] = [...LONE_SURROGATES.map((s) => `${s}${r.pick(['', 'x', '1'])}`)];
    if (required && !schema.nullable) values.push(null);
    if (schema.type === 'array') {
      values.push('x', 5, { 0: 1 });
      if (schema.maxItems !== undefined) values.push(Array.from({ length: schema.maxItems + 1 }, (_, i) => i + 1));
      const items = schema.items ?? {};
      for (const bad of this.badBodyValues(`${name}Item`, items, true)) values.push([bad]);
      return values;
    }
    if (schema.enum?.length) {
      const outside = [999, -1, 2.5, 'abc', `${schema.enum[0]}${r.pick(ODD)}`, ...SQL, ...HTML, {}, [schema.enum[0]]];
      if (schema.type === 'boolean') outside.push(!schema.enum[0], 'true');
      return [...values, ...outside.filter((v) => !schema.enum!.includes(v))];
    }
    switch (schema.type) {
      case 'number':
      case 'integer': {
        values.push('abc', true, {}, [1], 1.5, 1e20, -1e20, 'NaN', ...SQL, RAW_INFINITY);
        if (schema.minimum !== undefined && schema.minimum > -1) values.push(-1);
        if (schema.minimum !== undefined && schema.minimum > 0) values.push(0);
        if (schema.maximum !== undefined) values.push(schema.maximum + 1, 2 ** 31, Number.MAX_SAFE_INTEGER + 2);
        return values;
      }
      case 'boolean':
        return [...values, 'yes', 2, {}, [true], 'maybe'];
      case 'object':
        return [...values, 'x', 5, []];
      default: {
        values.push(123, true, {}, ['x']);
        if (schema.maxLength !== undefined)
          values.push(longText(r, r.int(schema.maxLength + 1, schema.maxLength + 300)));
        if (schema.pattern) values.push(...SQL, ...HTML, `${r.pick(ODD)}`);
        if (isDateName(name)) values.push(...BAD_DATES);
        return values;
      }
    }
  }

  /** Every property (nested in objects and array items) with its path from the body's root. */
  private fieldPaths(schema: Schema, path: (string | number)[]): Field[] {
    if (schema.type === 'array' && schema.items) return this.fieldPaths(schema.items, [...path, 0]);
    return Object.entries(schema.properties ?? {}).flatMap(([key, prop]) => {
      const field = { path: [...path, key], name: key, schema: prop, required: !!schema.required?.includes(key) };
      const nested = prop.type === 'object' || prop.items?.properties ? this.fieldPaths(prop, field.path) : [];
      return [field, ...nested];
    });
  }

  private objectPaths(schema: Schema, path: (string | number)[]): { path: (string | number)[]; schema: Schema }[] {
    if (schema.type === 'array' && schema.items) return this.objectPaths(schema.items, [...path, 0]);
    if (!schema.properties) return [];
    return [
      { path, schema },
      ...Object.entries(schema.properties).flatMap(([k, v]) => this.objectPaths(v, [...path, k])),
    ];
  }
}

interface Field {
  path: (string | number)[];
  name: string;
  schema: Schema;
  required: boolean;
}

interface Draft {
  path: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  body?: unknown;
  rawBody?: string | FormData;
  note?: string;
}

type Mutation = (draft: Draft) => void;

const REMOVE = Symbol('remove');
/** JSON cannot say Infinity; `1e309` in the text parses to it. Replaced in the serialised body. */
const RAW_INFINITY = { __raw: '1e309' };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of `root` with the value at `path` replaced (or removed), creating objects and arrays on the way. */
function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  const container = (
    typeof head === 'number' ? [...(Array.isArray(root) ? root : [])] : { ...(isObject(root) ? root : {}) }
  ) as Record<string | number, unknown>;
  if (rest.length === 0 && value === REMOVE) {
    delete container[head];
  } else if (rest.length === 0 && value === RAW_INFINITY) {
    container[head] = RAW_INFINITY;
  } else {
    // '__proto__' as an own property (JSON.parse makes it one too)
    Object.defineProperty(container, head, {
      value: setAt(container[head], rest, value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return container;
}

function describe(value: unknown): string {
  if (value === RAW_INFINITY) return '1e309';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 60)}… (${text.length} chars)` : text;
}

function formEncode(body: unknown): string {
  // never empty: an empty body is no body, and the request would not be invalid
  if (!isObject(body) || !Object.keys(body).length) return 'a=1';
  return Object.entries(body)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join('&');
}

/** Writes RAW_INFINITY markers as the number literal `1e309`. */
function serialiseBody(json: string): string {
  return json.replaceAll('{"__raw":"1e309"}', '1e309');
}

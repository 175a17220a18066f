import type { Type } from '@nestjs/common';
import { BaseRecord, BaseResource, Filter, type ActionContext, type BaseProperty, type ParamsType } from 'adminjs';
import type { DataSource } from 'typeorm';
import { ValidationProblem, type FieldError } from '../../common/errors/problem.js';
import { validateDto } from '../../common/errors/validation.js';
import { MAX_PAGE_SIZE } from '../../common/list/list-query.js';
import { actorOf } from '../current-admin.js';
import { codeOf, toDisplay } from './code-values.js';
import { dtoFields, formInput } from './form-input.js';
import { LIST_WINDOW } from '../../common/list/paginate.js';
import { problemOf, toAdminError } from './problems.js';
import { describeProperties, toBaseProperties, type PropertyInfo } from './properties.js';
import type { Ref, ResourceSpec } from './resource-spec.js';

type Row = { id: number };

/** Records that rows of one request already carried (a customer's consultant, tags…), by resource id. */
const knownRefs = new WeakMap<object, Map<string, Map<number, Ref>>>();

function refsOf(context: ActionContext | undefined, resourceId: string): Map<number, Ref> {
  if (!context) return new Map();
  const byResource = knownRefs.get(context) ?? new Map<string, Map<number, Ref>>();
  knownRefs.set(context, byResource);
  const refs = byResource.get(resourceId) ?? new Map<number, Ref>();
  byResource.set(resourceId, refs);
  return refs;
}

/** Takes the API's URL parameters out of the form's input: each must be a record id. */
function takeRouteParams(input: Record<string, unknown>, names: string[] = []): Record<string, number> {
  const route: Record<string, number> = {};
  const errors: FieldError[] = [];
  for (const name of names) {
    const value = input[name];
    delete input[name];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) route[name] = value;
    else errors.push({ field: name, message: `${name} must be chosen` });
  }
  if (errors.length) throw new ValidationProblem(errors);
  return route;
}

/**
 * An AdminJS resource over a module's services instead of over a table: list, show, create, edit and delete
 * call the same service methods as the API, with the signed-in staff member as the Actor, and the form's
 * values are validated by the API's DTO classes. So record scope, search and sort allow-lists, validation,
 * uniqueness, version checks, audit and soft delete hold in the back office exactly as in the API.
 */
export class ServiceResource extends BaseResource {
  readonly infos: PropertyInfo[];
  private readonly baseProperties: BaseProperty[];
  /** The total the list query found, for AdminJS's count() call that follows find() with the same Filter. */
  private readonly totals = new WeakMap<Filter, number>();

  constructor(
    readonly spec: ResourceSpec<Row>,
    private readonly dataSource: DataSource,
  ) {
    super(spec);
    this.infos = describeProperties(spec, dataSource);
    this.baseProperties = toBaseProperties(this.infos, spec.sortable);
  }

  static override isAdapterFor(): boolean {
    return false; // resources are handed to AdminJS as instances, never discovered
  }

  override databaseName(): string {
    return 'easycrm';
  }

  override id(): string {
    return this.spec.id ?? this.spec.entity.name;
  }

  override properties(): BaseProperty[] {
    return this.baseProperties;
  }

  override property(path: string): BaseProperty | null {
    return this.baseProperties.find((property) => property.path() === path) ?? null;
  }

  override async find(
    filter: Filter,
    options: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } },
    context?: ActionContext,
  ): Promise<BaseRecord[]> {
    const { limit = 20, offset = 0, sort } = options;
    // lists count and page no further than LIST_WINDOW rows (no unbounded COUNT(*), no deep OFFSET): filters narrow them
    if (offset >= LIST_WINDOW) return [];
    const pageSize = Math.min(Math.max(limit, 1), MAX_PAGE_SIZE);
    const sortBy = sort?.sortBy && this.spec.sortable.includes(sort.sortBy) ? sort.sortBy : undefined;
    const page = await this.call(async () => {
      const query = await validateDto(
        this.spec.listQuery,
        {
          ...this.filterQuery(filter),
          page: Math.floor(offset / pageSize) + 1,
          pageSize,
          ...(sortBy ? { sort: `${sort?.direction === 'desc' ? '-' : ''}${sortBy}` } : {}),
        },
        'query',
      );
      return this.spec.list(query, actorOf(context?.currentAdmin));
    });
    this.totals.set(filter, page.meta.total);
    return page.data.map((row) => this.toRecord(row, context));
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    const known = this.totals.get(filter);
    if (known !== undefined) return known;
    await this.find(filter, { limit: 1 }, context);
    return this.totals.get(filter) ?? 0;
  }

  /** The record, or null when it is missing or the actor may not see it (record scope answers 404). */
  override async findOne(id: string, context?: ActionContext): Promise<BaseRecord | null> {
    const numeric = Number(id);
    if (!Number.isSafeInteger(numeric) || numeric < 1) return null;
    try {
      return this.toRecord(await this.spec.get(numeric, actorOf(context?.currentAdmin)), context);
    } catch (error) {
      const status = problemOf(error, this.dataSource)?.status;
      if (status === 404 || status === 403) return null;
      throw toAdminError(error, this.dataSource);
    }
  }

  /**
   * Records another resource's rows refer to (AdminJS shows them by title). Rows carry the names of what they
   * refer to, so this usually runs no query; anything else is read through the service, and shown only by
   * name to staff who may not read this resource.
   */
  override async findMany(ids: (string | number)[], context?: ActionContext): Promise<BaseRecord[]> {
    const known = refsOf(context, this.id());
    const title = this.decorate().titleProperty().name();
    const readable = !!context && this.canRead(context);
    const records: BaseRecord[] = [];
    for (const id of new Set(ids.map(Number))) {
      const ref = known.get(id);
      const record = ref ? null : await this.findOne(String(id), context);
      if (ref || !readable) {
        const name = ref?.name ?? record?.get(title);
        if (name !== undefined) records.push(new BaseRecord({ id, [title]: name }, this));
      } else if (record) records.push(record);
    }
    return records;
  }

  override async create(payload: Record<string, unknown>, context?: ActionContext): Promise<ParamsType> {
    const { create } = this.spec;
    if (!create) throw new Error(`${this.id()} cannot be created here`);
    const row = await this.call(async () => {
      const input = formInput(payload, this.infos, this.formFields(create));
      const route = takeRouteParams(input, create.routeParams);
      return create.run(await validateDto(create.dto, input), actorOf(context?.currentAdmin), route);
    });
    return this.toRecord(row, context).params;
  }

  /** An edit: the form's fields and the version it was loaded with (a stale version is refused with 409). */
  override async update(id: string, payload: Record<string, unknown>, context?: ActionContext): Promise<ParamsType> {
    const { update } = this.spec;
    if (!update) throw new Error(`${this.id()} cannot be edited here`);
    const row = await this.call(async () => {
      const input = formInput(payload, this.infos, this.formFields(update));
      const route = takeRouteParams(input, update.routeParams);
      return update.run(Number(id), await validateDto(update.dto, input), actorOf(context?.currentAdmin), route);
    });
    return this.toRecord(row, context).params;
  }

  override async delete(id: string, context?: ActionContext): Promise<void> {
    const { remove } = this.spec;
    if (!remove) throw new Error(`${this.id()} cannot be deleted here`);
    await this.call(() => remove(Number(id), actorOf(context?.currentAdmin)));
  }

  /** Runs a service call, turning its problem (400, 403, 404, 409…) into the AdminJS error that shows it. */
  async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toAdminError(error, this.dataSource);
    }
  }

  /** What the form sends to a write: its fields the DTO declares (`version` on an edit), and route parameters. */
  private formFields(write: { dto: Type<object>; routeParams?: string[] }): string[] {
    const declared = dtoFields(write.dto);
    const fields = [...(this.spec.editProperties ?? []), 'version'].filter((field) => declared.has(field));
    return [...fields, ...(write.routeParams ?? [])];
  }

  private canRead(context: ActionContext): boolean {
    return !!this.decorate().actions.show?.isAccessible(context.currentAdmin);
  }

  /**
   * AdminJS filters as the list query's fields (a range as its from/to fields; the title search as `q`):
   * the list's query, and the export of the list as filtered (actions.ts exportAction).
   */
  filterQuery(filter: Filter): Record<string, unknown> {
    const query: Record<string, unknown> = {};
    const title = this.decorate().titleProperty().name();
    for (const { path, value: given } of Object.values(filter.filters)) {
      const codes = this.infos.find((info) => info.name === path)?.codes;
      const value = codes ? codeOf(codes, given) : given;
      const field =
        this.spec.filterFields?.[path] ?? (path === title && !this.spec.filterProperties?.includes(path) ? 'q' : path);
      if (typeof field === 'string') query[field] = value;
      else if (value && typeof value === 'object') {
        const { from, to } = value as { from?: string; to?: string };
        if (from) query[field.from] = from;
        if (to) query[field.to] = to;
      }
    }
    return query;
  }

  private toRecord(row: Row, context: ActionContext | undefined): BaseRecord {
    const source = (this.spec.params?.(row) ?? row) as Record<string, unknown>;
    const params: Record<string, unknown> = source.version === undefined ? {} : { version: source.version };
    for (const info of this.infos) if (info.name in source) params[info.name] = toDisplay(source[info.name], info);
    for (const [resourceId, refs] of Object.entries(this.spec.refs?.(row) ?? {})) {
      const known = refsOf(context, resourceId);
      for (const ref of refs) if (ref) known.set(ref.id, ref);
    }
    return new BaseRecord(params, this);
  }
}

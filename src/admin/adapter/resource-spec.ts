import type { Type } from '@nestjs/common';
import type { Action, ActionResponse, PropertyType } from 'adminjs';
import type { Actor } from '../../common/auth/actor.js';
import type { Permission } from '../../common/auth/permissions.js';
import type { CodeTable } from '../../common/codes/code-table.js';
import type { Page } from '../../common/list/paginate.js';
import type { ListExportName } from '../../reports/export/list-export-registry.js';

/** The sidebar groups, by module. */
export type NavigationGroup = 'customers' | 'sales' | 'market' | 'enrollment' | 'teaching' | 'feedback' | 'system';

/** A record another one refers to, as the referring row already carries it (e.g. a customer's consultant). */
export interface Ref {
  id: number;
  name: string;
}

/**
 * A property the entity metadata does not describe (virtual ones such as `tagIds` or `contacts`), or one that
 * should show differently. Entity columns need no spec: their type, code table (a labelled select) and
 * reference (a many-to-one relation, shown by name) come from the entity.
 */
export interface PropertySpec {
  type?: PropertyType;
  codes?: CodeTable;
  /** String values with labels (e.g. permission names), shown as a labelled select like a code table. */
  choices?: Record<string, { en: string; zh: string }>;
  /** Id of the resource the value (or each value, with isArray) refers to. */
  reference?: string;
  isArray?: boolean;
  isRequired?: boolean;
  /** Sub-properties of a `mixed` property (e.g. the contacts shown on a customer). */
  sub?: Record<string, PropertySpec>;
}

/**
 * How a service writes: its API DTO class (the form is validated exactly like the API's request body) and the
 * call. `routeParams` are the fields the API takes from the URL (e.g. the customer of a contact): taken out of
 * the form and passed beside the DTO.
 */
export interface WriteSpec<Row> {
  dto: Type<object>;
  routeParams?: string[];
  run(dto: object, actor: Actor, route: Record<string, number>): Promise<Row>;
}

export interface UpdateSpec<Row> {
  /** Must have a `version` field: the version the form was loaded with, so a stale edit is a 409. */
  dto: Type<object>;
  routeParams?: string[];
  run(id: number, dto: object, actor: Actor, route: Record<string, number>): Promise<Row>;
}

/** Who may do what, with the same permission names as the API routes. */
export interface ResourceAccess {
  read: Permission;
  create?: Permission;
  edit?: Permission;
  delete?: Permission;
  /** Looking records up by name in another record's select (tags, consultants); default: `read`. */
  search?: Permission | 'signed-in';
}

/**
 * One back-office resource over a module's services: everything the generic ServiceResource needs.
 * Reads and writes go through the services with the signed-in Actor, so record scope, validation, version
 * checks, audit and soft delete are the API's.
 */
export interface ResourceSpec<Row extends { id: number }> {
  /** The entity shown (its metadata describes the columns); its class name is the resource id. */
  entity: Function;
  /** The resource id, when it differs from the entity's class name. */
  id?: string;
  navigation: NavigationGroup;
  /** Not in the sidebar: reached from another resource's action (e.g. a staff member's password reset). */
  hidden?: boolean;
  /** The resource whose show page opens after a save (default: this one). */
  afterSave?: string;
  /** Property names, in order, for each page. */
  listProperties: string[];
  showProperties: string[];
  editProperties?: string[];
  filterProperties?: string[];
  properties?: Record<string, PropertySpec>;
  titleProperty?: string;
  /** Fields the list can sort by: the service's allow-list (indexed columns only). */
  sortable: readonly string[];
  defaultSort: { sortBy: string; direction: 'asc' | 'desc' };
  access: ResourceAccess;
  /** The service's list query DTO: AdminJS filters, sort and page become one, validated like the API's. */
  listQuery: Type<object>;
  /** Filters named differently in the list query: a date range becomes `{ from, to }` fields. */
  filterFields?: Record<string, string | { from: string; to: string }>;
  list(query: object, actor: Actor): Promise<Page<Row>>;
  get(id: number, actor: Actor): Promise<Row>;
  create?: WriteSpec<Row>;
  update?: UpdateSpec<Row>;
  remove?(id: number, actor: Actor): Promise<void>;
  /** The record's params; by default the row itself (only declared properties are shown). */
  params?(row: Row): Record<string, unknown>;
  /** Records the row refers to and already carries, by resource id: shown by name without another query. */
  refs?(row: Row): Record<string, (Ref | null)[]>;
  /** The list's export (reports/export/list-export-registry.ts): an Export button on the list page. */
  export?: ListExportName;
  /** Further actions (e.g. restore), built with recordAction(). */
  actions?: Record<string, Partial<Action<ActionResponse>>>;
}

/** Finds a module's service (the back office reads the Nest container; it imports no module itself). */
export type Resolve = <T>(type: Type<T>) => T;

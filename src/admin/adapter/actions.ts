import {
  Filter,
  flat,
  type Action,
  type ActionContext,
  type ActionRequest,
  type ActionResponse,
  type ParamsType,
  type RecordActionResponse,
  type ResourceOptions,
} from 'adminjs';
import type { Actor } from '../../common/auth/actor.js';
import type { Permission } from '../../common/auth/permissions.js';
import { validateDto } from '../../common/errors/validation.js';
import { actorOf, can } from '../current-admin.js';
import { Components } from '../components.js';
import { createHandler, editHandler } from './form-actions.js';
import { ServiceResource } from './service-resource.js';
import type { ResourceSpec } from './resource-spec.js';

type Check = (context: ActionContext) => boolean;

/** Accessible to whoever holds `permission` (never when the resource cannot do it: no permission given). */
const holds =
  (permission: Permission | undefined): Check =>
  ({ currentAdmin }) =>
    !!permission && can(currentAdmin, permission);

const holdsAll =
  (...permissions: Permission[]): Check =>
  (context) =>
    permissions.every((permission) => holds(permission)(context));

/**
 * What an action of ours declares it needs, kept on the action (AdminJS passes `custom` through untouched) so that
 * the access matrix test can hold the back office to it.
 */
export const declares = (...permissions: Permission[]) => ({ permissions });

/** Shown to whoever may use it, on the records it applies to (all, without `appliesTo`). */
const shownFor =
  (allowed: Check, appliesTo?: (params: ParamsType) => boolean): Check =>
  (context) =>
    allowed(context) && (!context.record || (appliesTo?.(context.record.params) ?? true));

/** The built-in actions, each open to the API's permission for it; writes go through the resource's services. */
export function standardActions(spec: ResourceSpec<{ id: number }>): ResourceOptions['actions'] {
  const { access } = spec;
  const create = spec.create ? access.create : undefined;
  const edit = spec.update ? access.edit : undefined;
  const remove = spec.remove ? access.delete : undefined;
  const search = access.search ?? access.read;
  const actions: Record<string, Partial<Action<ActionResponse>>> = {
    list: { isAccessible: holds(access.read) },
    show: { isAccessible: holds(access.read) },
    search: { isAccessible: search === 'signed-in' ? ({ currentAdmin }) => !!currentAdmin : holds(search) },
    new: { isAccessible: holds(create), handler: createHandler },
    edit: { isAccessible: holds(edit), handler: editHandler },
    delete: { isAccessible: holds(remove) },
    bulkDelete: { isAccessible: holds(remove) },
    ...(spec.export ? { export: exportAction(spec, spec.export) } : {}),
  };
  // a spec may add actions or adjust a built-in one (e.g. hide edit on a deleted record)
  for (const [name, extra] of Object.entries(spec.actions ?? {})) actions[name] = { ...actions[name], ...extra };
  return actions;
}

interface LinkSpec {
  permission: Permission;
  icon?: string;
  variant?: RecordActionSpec['variant'];
  /** Whether the link applies to this record (e.g. reject only an agreed enrollment). */
  appliesTo?(params: ParamsType): boolean;
}

/** A button on a record that opens another page (e.g. the customer's contacts); no service call. */
export function linkAction(
  spec: LinkSpec & { to(recordId: string, h: ActionContext['h']): string; fullPageLoad?: boolean },
): Partial<Action<ActionResponse>> {
  const allowed = holds(spec.permission);
  return {
    actionType: 'record',
    custom: declares(spec.permission),
    component: spec.fullPageLoad ? Components.OpenPage : false,
    icon: spec.icon,
    variant: spec.variant,
    isAccessible: allowed,
    isVisible: shownFor(allowed, spec.appliesTo),
    handler: async (request, _response, context): Promise<RecordActionResponse> => ({
      record: context.record!.toJSON(context.currentAdmin),
      redirectUrl: spec.to(String(request.params.recordId), context.h),
    }),
  };
}

/**
 * A button on a record that opens the form of a workflow step: the edit page of the same record in the hidden
 * resource `form` (e.g. Feedback → Resolve opens FeedbackResolution), with a full page load (see open-page.tsx).
 */
export const formAction = (form: string, spec: LinkSpec) =>
  linkAction({
    ...spec,
    fullPageLoad: true,
    to: (id, h) => h.recordActionUrl({ resourceId: form, recordId: id, actionName: 'edit' }),
  });

export interface RecordActionSpec {
  permission: Permission;
  /** A Feather icon name. */
  icon?: string;
  variant?: 'default' | 'primary' | 'danger' | 'success' | 'info';
  /** The question the confirmation page asks (a message key, translated); default `confirmStep`. */
  question?: string;
  /** Whether the action applies to this record (e.g. restore only for a deleted customer). */
  appliesTo?(params: ParamsType): boolean;
  /** The service call; `page` holds what the confirmation page sent: the version of the record it showed. */
  run(id: number, actor: Actor, page: ParamsType): Promise<unknown>;
  /** The success notice (a message key, translated). */
  done: string;
}

/**
 * A button on a record that calls one service method (e.g. approve an enrollment) and shows the record again.
 * The button opens a confirmation page (components/confirm-step.tsx) showing the record; its button POSTs the
 * version the page showed, so a record changed meanwhile is a 409 rather than a step taken on what nobody saw.
 * A GET only reads (AdminJS calls component-less actions with GET, and a link must never change anything).
 * Refusals come back as the service's problem (see problems.ts), like every other write.
 */
export function recordAction(spec: RecordActionSpec): Partial<Action<ActionResponse>> {
  const allowed = holds(spec.permission);
  return {
    actionType: 'record',
    icon: spec.icon,
    variant: spec.variant,
    component: Components.ConfirmStep,
    custom: { ...declares(spec.permission), question: spec.question ?? 'confirmStep' },
    isAccessible: allowed,
    isVisible: shownFor(allowed, spec.appliesTo),
    handler: async (request, _response, context): Promise<RecordActionResponse> => {
      const { resource, currentAdmin, h } = context;
      if (request.method !== 'post') return { record: context.record!.toJSON(currentAdmin) };
      const id = Number(request.params.recordId);
      if (!(resource instanceof ServiceResource)) throw new Error('recordAction() is for service resources');
      const page = (request.payload ?? {}) as ParamsType;
      await resource.call(() => spec.run(id, actorOf(currentAdmin), page));
      const record = await resource.findOne(String(id), context);
      return {
        record: (record ?? context.record!).toJSON(currentAdmin),
        redirectUrl: h.recordActionUrl({ resourceId: resource.id(), recordId: String(id), actionName: 'show' }),
        notice: { message: spec.done, type: 'success' },
      };
    },
  };
}

/** A list's filters as its API query string (`status=1&createdFrom=…`): the same conversion as the list's. */
async function listQueryString(request: ActionRequest, resource: ServiceResource): Promise<URLSearchParams> {
  const { filters = {} } = flat.unflatten(request.query ?? {}) as { filters?: Record<string, unknown> };
  const query = resource.filterQuery(new Filter(filters, resource));
  // validated here, so a bad filter shows in the drawer rather than as a broken download
  await resource.call(() => validateDto(resource.spec.listQuery, { ...query }, 'query'));
  const search = new URLSearchParams();
  for (const [field, value] of Object.entries(query)) {
    for (const one of [value].flat())
      if (one !== undefined && one !== null && one !== '') search.append(field, String(one));
  }
  return search;
}

/**
 * The list page's Export button: a drawer (components/export-list.tsx) that asks this handler, with the page's
 * `filters.*`, for the download URL of the list as filtered (/admin/downloads/lists/<name>?<API filters>);
 * the drawer adds `format` and `lang`. Needs reports.export and the list's own permission, as the API's export.
 */
function exportAction(spec: ResourceSpec<{ id: number }>, name: string): Partial<Action<ActionResponse>> {
  const allowed = holdsAll('reports.export', spec.access.read);
  return {
    actionType: 'resource',
    custom: declares('reports.export', spec.access.read),
    icon: 'Download',
    showInDrawer: true,
    component: Components.ExportList,
    isAccessible: allowed,
    isVisible: allowed,
    handler: async (request, _response, { resource, h }) => {
      if (!(resource instanceof ServiceResource)) throw new Error('exportAction() is for service resources');
      const search = await listQueryString(request, resource);
      return { downloadUrl: h.urlBuilder(['downloads', 'lists', name], search.size ? `?${search}` : '') };
    },
  };
}

/**
 * A button that opens one of our components (e.g. the customer import page, the profile print drawer); the
 * component does its work through its own routes. A record action's handler only reads the record.
 */
export function componentAction(spec: {
  actionType: 'resource' | 'record';
  permission: Permission;
  component: string;
  icon?: string;
  showInDrawer?: boolean;
  /** Whether a record action applies to this record (e.g. print only a customer who is not deleted). */
  appliesTo?(params: ParamsType): boolean;
}): Partial<Action<ActionResponse>> {
  const allowed = holds(spec.permission);
  return {
    actionType: spec.actionType,
    custom: declares(spec.permission),
    icon: spec.icon,
    component: spec.component,
    showInDrawer: spec.showInDrawer ?? false,
    isAccessible: allowed,
    isVisible: shownFor(allowed, spec.appliesTo),
    handler: async (_request, _response, context) =>
      spec.actionType === 'record' ? { record: context.record!.toJSON(context.currentAdmin) } : {},
  };
}

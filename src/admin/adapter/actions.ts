import type { Action, ActionContext, ActionResponse, ParamsType, RecordActionResponse, ResourceOptions } from 'adminjs';
import type { Actor } from '../../common/auth/actor.js';
import type { Permission } from '../../common/auth/permissions.js';
import { actorOf, can } from '../current-admin.js';
import { createHandler, editHandler } from './form-actions.js';
import { ServiceResource } from './service-resource.js';
import type { ResourceSpec } from './resource-spec.js';

type Check = (context: ActionContext) => boolean;

/** Accessible to whoever holds `permission` (never when the resource cannot do it: no permission given). */
const holds =
  (permission: Permission | undefined): Check =>
  ({ currentAdmin }) =>
    !!permission && can(currentAdmin, permission);

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
  };
  // a spec may add actions or adjust a built-in one (e.g. hide edit on a deleted record)
  for (const [name, extra] of Object.entries(spec.actions ?? {})) actions[name] = { ...actions[name], ...extra };
  return actions;
}

/** A button on a record that opens another page (e.g. the customer's contacts); no service call. */
export function linkAction(spec: {
  permission: Permission;
  icon?: string;
  variant?: RecordActionSpec['variant'];
  /** Whether the link applies to this record (e.g. reject only an agreed enrollment). */
  appliesTo?(params: ParamsType): boolean;
  to(recordId: string, h: ActionContext['h']): string;
}): Partial<Action<ActionResponse>> {
  const allowed = holds(spec.permission);
  return {
    actionType: 'record',
    component: false,
    icon: spec.icon,
    variant: spec.variant,
    isAccessible: allowed,
    isVisible: (context) => allowed(context) && (!context.record || (spec.appliesTo?.(context.record.params) ?? true)),
    handler: async (request, _response, context): Promise<RecordActionResponse> => ({
      record: context.record!.toJSON(context.currentAdmin),
      redirectUrl: spec.to(String(request.params.recordId), context.h),
    }),
  };
}

export interface RecordActionSpec {
  permission: Permission;
  /** A Feather icon name. */
  icon?: string;
  variant?: 'default' | 'primary' | 'danger' | 'success' | 'info';
  /** Asks for confirmation first (a message key, translated). */
  guard?: string;
  /** Whether the action applies to this record (e.g. restore only for a deleted customer). */
  appliesTo?(params: ParamsType): boolean;
  /** The service call; `params` are the record's as the page showed them (e.g. its version). */
  run(id: number, actor: Actor, params: ParamsType): Promise<unknown>;
  /** The success notice (a message key, translated). */
  done: string;
}

/**
 * A button on a record that calls one service method (e.g. restore a customer) and shows the record again.
 * Refusals come back as the service's problem (see problems.ts), like every other write.
 */
export function recordAction(spec: RecordActionSpec): Partial<Action<ActionResponse>> {
  const allowed = holds(spec.permission);
  return {
    actionType: 'record',
    component: false,
    icon: spec.icon,
    variant: spec.variant,
    guard: spec.guard,
    isAccessible: allowed,
    isVisible: (context) => allowed(context) && (!context.record || (spec.appliesTo?.(context.record.params) ?? true)),
    handler: async (request, _response, context): Promise<RecordActionResponse> => {
      const { resource, currentAdmin, h } = context;
      const id = Number(request.params.recordId);
      if (!(resource instanceof ServiceResource)) throw new Error('recordAction() is for service resources');
      await resource.call(() => spec.run(id, actorOf(currentAdmin), context.record?.params ?? {}));
      const record = await resource.findOne(String(id), context);
      return {
        record: (record ?? context.record!).toJSON(currentAdmin),
        redirectUrl: h.recordActionUrl({ resourceId: resource.id(), recordId: String(id), actionName: 'show' }),
        notice: { message: spec.done, type: 'success' },
      };
    },
  };
}

import {
  BaseRecord,
  NotFoundError,
  ValidationError,
  flat,
  populator,
  type ActionContext,
  type ActionHandler,
  type ActionRequest,
  type RecordActionResponse,
} from 'adminjs';
import { ServiceResource } from './service-resource.js';

type Save = (payload: Record<string, unknown>, context: ActionContext) => Promise<Record<string, unknown>>;

/** The form again, with what the user typed and the message under each field (nothing was stored). */
function refused(
  error: ValidationError,
  params: Record<string, unknown>,
  context: ActionContext,
): RecordActionResponse {
  const record = new BaseRecord(params, context.resource);
  record.errors = error.propertyErrors;
  record.baseError = error.baseError;
  return {
    record: record.toJSON(context.currentAdmin),
    notice: { message: error.baseError?.message ?? 'thereWereValidationErrors', type: 'error' },
  };
}

async function saved(
  params: Record<string, unknown>,
  message: string,
  context: ActionContext,
): Promise<RecordActionResponse> {
  const { resource, h, currentAdmin } = context;
  const [record] = await populator([resource.build(params)], context);
  const recordId = String(record.id());
  const resourceId = (resource instanceof ServiceResource && resource.spec.afterSave) || resource.id();
  return {
    record: record.toJSON(currentAdmin),
    redirectUrl: h.recordActionUrl({ resourceId, recordId, actionName: 'show' }),
    notice: { message, type: 'success' },
  };
}

async function submit(request: ActionRequest, context: ActionContext, save: Save, message: string) {
  const payload = (request.payload ?? {}) as Record<string, unknown>;
  try {
    return await saved(await save(payload, context), message, context);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const current = context.record?.params ?? {};
    return refused(error, { ...current, ...flat.flatten<object, Record<string, unknown>>(payload) }, context);
  }
}

/**
 * AdminJS's new and edit handlers, rewritten for service resources: the form's payload goes to the resource
 * untouched (AdminJS's own handlers convert '' to 0 and dates to Date objects first), and a refusal with no
 * field errors (a stale version, 409) is shown as an error, where AdminJS's handlers would report success.
 */
export const createHandler: ActionHandler<RecordActionResponse> = async (request, _response, context) => {
  if (request.method !== 'post') throw new NotFoundError('Creating a record needs a POST', 'Action#handler');
  return submit(request, context, (payload) => context.resource.create(payload, context), 'successfullyCreated');
};

export const editHandler: ActionHandler<RecordActionResponse> = async (request, _response, context) => {
  const { record, currentAdmin } = context;
  if (!record) throw new NotFoundError(`No record ${request.params.recordId}`, 'Action#handler');
  if (request.method === 'get') return { record: record.toJSON(currentAdmin) };
  return submit(
    request,
    context,
    (payload) => context.resource.update(String(record.id()), payload, context),
    'successfullyUpdated',
  );
};

import type { ClsStore } from 'nestjs-cls';

/** What the request context holds (nestjs-cls): the actor, once authenticated. The request id is the CLS id. */
export interface RequestContext extends ClsStore {
  actorId?: number;
}

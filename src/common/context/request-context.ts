import type { ClsStore } from 'nestjs-cls';

/** What the request context holds (nestjs-cls): the actor, once authenticated. The request id is the CLS id. */
export interface RequestContext extends ClsStore {
  actorId?: number;
  /** Where reads outside a transaction go: a replica ('slave') only for GET requests past the access guard. */
  readsFrom?: 'master' | 'slave';
}

import { HttpStatus } from '@nestjs/common';
import { ApiProblem } from '../errors/problem.js';
import type { Permission } from './permissions.js';

/** The authenticated staff member behind a request (`@CurrentActor()`). */
export class Actor {
  constructor(
    readonly id: number,
    readonly username: string,
    readonly name: string,
    readonly roles: string[],
    readonly permissions: ReadonlySet<string>,
  ) {}

  can(permission: Permission): boolean {
    return this.permissions.has(permission);
  }

  /** 403 in the access guard's words unless the actor holds `permission` (for checks a route cannot declare). */
  require(permission: Permission): void {
    if (!this.can(permission)) throw new ApiProblem(HttpStatus.FORBIDDEN, `Requires permission ${permission}`);
  }
}

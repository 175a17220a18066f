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
}

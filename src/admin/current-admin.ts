import type { CurrentAdmin } from 'adminjs';
import { Actor } from '../common/auth/actor.js';
import type { Permission } from '../common/auth/permissions.js';

/**
 * Who is signed in to the back office, as AdminJS keeps it in the session and hands it to every action and
 * `isAccessible` check. Refreshed from the database on every request (admin-router.ts), so a changed role or a
 * disabled account takes effect at once.
 */
export interface StaffAdmin extends CurrentAdmin {
  id: string;
  /** AdminJS shows `email` in the top bar; staff sign in with their username. */
  email: string;
  title: string;
  roles: string[];
  permissions: string[];
}

export function toStaffAdmin(actor: Actor): StaffAdmin {
  return {
    id: String(actor.id),
    email: actor.username,
    title: actor.name,
    roles: actor.roles,
    permissions: [...actor.permissions].sort(),
  };
}

/** The Actor the module services expect, for the signed-in staff member. */
export function actorOf(admin: CurrentAdmin | undefined): Actor {
  if (!admin?.id) throw new Error('No staff member is signed in to the back office');
  const staff = admin as StaffAdmin;
  return new Actor(Number(staff.id), staff.email, staff.title, staff.roles ?? [], new Set(staff.permissions ?? []));
}

/** Whether the signed-in staff member holds `permission` (for AdminJS's synchronous isAccessible checks). */
export const can = (admin: CurrentAdmin | undefined, permission: Permission): boolean =>
  !!admin && ((admin as StaffAdmin).permissions ?? []).includes(permission);

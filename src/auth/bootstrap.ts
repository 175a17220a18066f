import { randomBytes } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { ALL_PERMISSIONS } from '../common/auth/permissions.js';
import { ADMIN_ROLE, BUILTIN_MENUS, BUILTIN_ROLES } from './builtin-roles.js';
import { Menu } from './entities/menu.entity.js';
import { Role } from './entities/role.entity.js';
import { Staff } from './entities/staff.entity.js';
import { hashPassword, passwordProblem } from './password.js';

/** Creates missing menus and built-in roles; the admin role always gets every permission. */
export async function ensureBuiltinRoles(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const menus = manager.getRepository(Menu);
    const existingMenus = await menus.find();
    const missingMenus = BUILTIN_MENUS.filter((m) => !existingMenus.some((e) => e.urlName === m.urlName));
    if (missingMenus.length) {
      await menus.save(missingMenus.map((m) => menus.create({ ...m, sortOrder: BUILTIN_MENUS.indexOf(m) })));
    }
    const roles = manager.getRepository(Role);
    for (const spec of BUILTIN_ROLES) {
      const role = await roles.findOne({ where: { code: spec.code } });
      if (!role) {
        await roles.save(
          roles.create({
            code: spec.code,
            name: spec.name,
            description: spec.description,
            builtIn: true,
            permissions: [...spec.permissions],
            menus: await menus.findBy({ urlName: In([...spec.menus]) }),
          }),
        );
      } else if (spec.code === ADMIN_ROLE && ALL_PERMISSIONS.some((p) => !role.permissions.includes(p))) {
        role.permissions = [...ALL_PERMISSIONS];
        await roles.save(role);
      }
    }
  });
}

/**
 * When no staff account exists, creates `admin` with ADMIN_PASSWORD, or with a generated password that
 * the caller prints once. Returns the generated password, if any.
 */
export async function ensureFirstAdmin(
  dataSource: DataSource,
  adminPassword: string | undefined,
): Promise<{ created: boolean; generatedPassword?: string }> {
  const staff = dataSource.getRepository(Staff);
  if ((await staff.count()) > 0) return { created: false };
  const problem = adminPassword ? passwordProblem(adminPassword, 'admin') : undefined;
  if (problem) throw new Error(`Configuration error: ADMIN_PASSWORD ${problem}`);
  const password = adminPassword ?? randomBytes(12).toString('base64url');
  const adminRole = await dataSource.getRepository(Role).findOneByOrFail({ code: ADMIN_ROLE });
  await staff.save(
    staff.create({
      username: 'admin',
      name: 'Administrator',
      passwordHash: await hashPassword(password),
      isActive: true,
      mustChangePassword: !adminPassword,
      roles: [adminRole],
    }),
  );
  return { created: true, generatedPassword: adminPassword ? undefined : password };
}

import type { RoleDto } from '../../auth/dto/role.dto.js';
import { Role } from '../../auth/entities/role.entity.js';
import { ROLE_LIST, RolesService } from '../../auth/roles.service.js';
import { PERMISSIONS } from '../../common/auth/permissions.js';
import { ListQuery } from '../../common/list/list-query.js';
import type { ResourceSpec, Resolve } from '../adapter/resource-spec.js';

/** Roles (read here; staff accounts pick theirs from this list). */
export function roleResource(resolve: Resolve): ResourceSpec<RoleDto> {
  const roles = resolve(RolesService);
  return {
    entity: Role,
    navigation: 'system',
    titleProperty: 'name',
    listProperties: ['code', 'name', 'description', 'builtIn'],
    showProperties: ['code', 'name', 'description', 'builtIn', 'permissions', 'createdAt', 'updatedAt'],
    filterProperties: ['q'],
    properties: { q: { type: 'string' }, permissions: { type: 'string', isArray: true, choices: PERMISSIONS } },
    sortable: Object.keys(ROLE_LIST.sortable),
    defaultSort: { sortBy: 'code', direction: 'asc' },
    access: { read: 'roles.manage', search: 'staff.manage' },
    listQuery: ListQuery,
    list: (query) => roles.list(query as ListQuery),
    get: (id) => roles.get(id),
  };
}

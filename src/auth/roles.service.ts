import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ALL_PERMISSIONS, PERMISSIONS } from '../common/auth/permissions.js';
import { loadForUpdate, saveEdit } from '../common/entities/load-for-update.js';
import { ApiProblem, ValidationProblem } from '../common/errors/problem.js';
import type { ListQuery } from '../common/list/list-query.js';
import { paginate, type Page } from '../common/list/paginate.js';
import { ADMIN_ROLE } from './builtin-roles.js';
import type { MenuDto } from './dto/auth.dto.js';
import type { CreateRoleDto, PermissionDto, RoleDto, UpdateRoleDto } from './dto/role.dto.js';
import { Menu } from './entities/menu.entity.js';
import { Role } from './entities/role.entity.js';

const toMenuDto = ({ id, name, nameZh, urlName }: Menu): MenuDto => ({ id, name, nameZh, urlName });

function toRoleDto(role: Role): RoleDto {
  const { id, code, name, description, builtIn, permissions, version, createdAt, updatedAt } = role;
  return {
    id,
    code,
    name,
    description,
    builtIn,
    permissions,
    menus: (role.menus ?? []).map(toMenuDto),
    version,
    createdAt,
    updatedAt,
  };
}

export const ROLE_LIST = {
  sortable: { code: 'r.code', name: 'r.name', createdAt: 'r.createdAt' },
  defaultSort: 'code',
  search: ['r.code', 'r.name'],
};

@Injectable()
export class RolesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListQuery): Promise<Page<RoleDto>> {
    const qb = this.dataSource.getRepository(Role).createQueryBuilder('r').leftJoinAndSelect('r.menus', 'm');
    const page = await paginate(qb, query, ROLE_LIST);
    return { data: page.data.map(toRoleDto), meta: page.meta };
  }

  async get(id: number): Promise<RoleDto> {
    const role = await this.dataSource.getRepository(Role).findOne({ where: { id }, relations: { menus: true } });
    if (!role) throw new ApiProblem(HttpStatus.NOT_FOUND, `Role ${id} does not exist`);
    return toRoleDto(role);
  }

  create(dto: CreateRoleDto): Promise<RoleDto> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Role);
      const role = repo.create({
        code: dto.code,
        name: dto.name,
        description: dto.description ?? null,
        builtIn: false,
        permissions: [...new Set(dto.permissions)].sort(),
        menus: await this.menus(manager, dto.menuIds),
      });
      return toRoleDto(await repo.save(role));
    });
  }

  update(id: number, dto: UpdateRoleDto): Promise<RoleDto> {
    return this.dataSource.transaction(async (manager) => {
      const role = await loadForUpdate(manager, Role, id, {
        expectedVersion: dto.version,
        relations: { menus: true },
        label: 'Role',
      });
      if (role.code === ADMIN_ROLE && dto.permissions && ALL_PERMISSIONS.some((p) => !dto.permissions!.includes(p))) {
        throw new ApiProblem(HttpStatus.CONFLICT, 'The admin role always holds every permission');
      }
      if (dto.name !== undefined) role.name = dto.name;
      if (dto.description !== undefined) role.description = dto.description;
      if (dto.permissions) role.permissions = [...new Set(dto.permissions)].sort();
      if (dto.menuIds) role.menus = await this.menus(manager, dto.menuIds);
      return toRoleDto(await saveEdit(manager, role));
    });
  }

  async remove(id: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const role = await loadForUpdate(manager, Role, id, { label: 'Role' });
      if (role.builtIn)
        throw new ApiProblem(HttpStatus.CONFLICT, `${role.code} is a built-in role and cannot be deleted`);
      const holders = await manager.query('SELECT COUNT(*) AS n FROM staff_roles WHERE role_id = ?', [id]);
      if (Number(holders[0].n) > 0) {
        throw new ApiProblem(
          HttpStatus.CONFLICT,
          `${Number(holders[0].n)} staff member(s) hold role ${role.code}; remove it from them first`,
        );
      }
      await manager.remove(role);
    });
  }

  permissions(): PermissionDto[] {
    return ALL_PERMISSIONS.map((code) => ({ code, ...PERMISSIONS[code] }));
  }

  async menusList(): Promise<MenuDto[]> {
    return (await this.dataSource.getRepository(Menu).find({ order: { sortOrder: 'ASC', id: 'ASC' } })).map(toMenuDto);
  }

  private async menus(manager: EntityManager, ids: number[]): Promise<Menu[]> {
    const unique = [...new Set(ids)];
    const menus = unique.length ? await manager.getRepository(Menu).findBy({ id: In(unique) }) : [];
    const missing = unique.filter((id) => !menus.some((m) => m.id === id));
    if (missing.length)
      throw new ValidationProblem([{ field: 'menuIds', message: `no menu with id ${missing.join(', ')}` }]);
    return menus;
  }
}

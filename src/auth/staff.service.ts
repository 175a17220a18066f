import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { loadForUpdate, saveEdit } from '../common/entities/load-for-update.js';
import { ApiProblem, ValidationProblem } from '../common/errors/problem.js';
import { paginate, type Page } from '../common/list/paginate.js';
import { AuthService } from './auth.service.js';
import type { CreateStaffDto, ResetPasswordDto, StaffDto, StaffListQuery, UpdateStaffDto } from './dto/staff.dto.js';
import { Role } from './entities/role.entity.js';
import { Staff } from './entities/staff.entity.js';
import { hashPassword, passwordProblem } from './password.js';

export function toStaffDto(staff: Staff): StaffDto {
  const { id, username, name, email, phone, isActive, mustChangePassword, lastLoginAt, version, createdAt, updatedAt } =
    staff;
  const roles = (staff.roles ?? []).map((r) => ({ id: r.id, code: r.code, name: r.name }));
  return {
    id,
    username,
    name,
    email,
    phone,
    isActive,
    mustChangePassword,
    lastLoginAt,
    roles,
    version,
    createdAt,
    updatedAt,
  };
}

export const STAFF_LIST = {
  sortable: { username: 's.username', name: 's.name', createdAt: 's.createdAt', isActive: 's.isActive' },
  defaultSort: 'username',
  search: ['s.username', 's.name'],
};

@Injectable()
export class StaffService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auth: AuthService,
  ) {}

  async list(query: StaffListQuery): Promise<Page<StaffDto>> {
    const qb = this.dataSource.getRepository(Staff).createQueryBuilder('s').leftJoinAndSelect('s.roles', 'r');
    if (query.isActive !== undefined) qb.andWhere('s.isActive = :active', { active: query.isActive });
    if (query.role) {
      qb.andWhere(
        's.id IN (SELECT sr.staff_id FROM staff_roles sr JOIN role ro ON ro.id = sr.role_id WHERE ro.code = :role)',
        { role: query.role },
      );
    }
    const page = await paginate(qb, query, STAFF_LIST);
    return { data: page.data.map(toStaffDto), meta: page.meta };
  }

  async get(id: number): Promise<StaffDto> {
    const staff = await this.dataSource.getRepository(Staff).findOne({ where: { id }, relations: { roles: true } });
    if (!staff) throw new ApiProblem(HttpStatus.NOT_FOUND, `Staff ${id} does not exist`);
    return toStaffDto(staff);
  }

  async create(dto: CreateStaffDto): Promise<StaffDto> {
    const problem = passwordProblem(dto.password, dto.username);
    if (problem) throw new ValidationProblem([{ field: 'password', message: problem }]);
    const passwordHash = await hashPassword(dto.password);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Staff);
      if (await repo.existsBy({ username: dto.username })) {
        throw new ApiProblem(HttpStatus.CONFLICT, `Username ${dto.username} is taken`, {
          errors: [{ field: 'username', message: 'is already taken' }],
        });
      }
      const staff = repo.create({
        username: dto.username,
        name: dto.name,
        email: dto.email ?? null,
        phone: dto.phone ?? null,
        isActive: dto.isActive ?? true,
        passwordHash,
        roles: await this.roles(manager, dto.roleIds),
      });
      await repo.save(staff);
      return toStaffDto(staff);
    });
  }

  async update(id: number, dto: UpdateStaffDto, actor: Actor): Promise<StaffDto> {
    if (id === actor.id && dto.isActive === false) {
      throw new ApiProblem(HttpStatus.CONFLICT, 'You cannot disable your own account');
    }
    const staff = await this.dataSource.transaction(async (manager) => {
      const staff = await loadForUpdate(manager, Staff, id, {
        expectedVersion: dto.version,
        relations: { roles: true },
        label: 'Staff',
      });
      const { version: _version, roleIds, ...fields } = dto;
      Object.assign(staff, fields);
      if (roleIds) staff.roles = await this.roles(manager, roleIds);
      return saveEdit(manager, staff);
    });
    if (dto.isActive === false) await this.auth.revokeAllFor(id);
    return toStaffDto(staff);
  }

  async resetPassword(id: number, dto: ResetPasswordDto): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const staff = await loadForUpdate(manager, Staff, id, { label: 'Staff' });
      const problem = passwordProblem(dto.password, staff.username);
      if (problem) throw new ValidationProblem([{ field: 'password', message: problem }]);
      staff.passwordHash = await hashPassword(dto.password);
      staff.mustChangePassword = dto.mustChangePassword ?? true;
      await manager.save(staff);
    });
    await this.auth.revokeAllFor(id);
  }

  /** Deletes an account nobody's records refer to; otherwise 409 (disable it instead). */
  async remove(id: number, actor: Actor): Promise<void> {
    if (id === actor.id) throw new ApiProblem(HttpStatus.CONFLICT, 'You cannot delete your own account');
    await this.dataSource.transaction(async (manager) => {
      const staff = await loadForUpdate(manager, Staff, id, { label: 'Staff' });
      await manager.remove(staff);
    });
  }

  private async roles(manager: EntityManager, ids: number[]): Promise<Role[]> {
    const unique = [...new Set(ids)];
    const roles = unique.length ? await manager.getRepository(Role).findBy({ id: In(unique) }) : [];
    const missing = unique.filter((id) => !roles.some((r) => r.id === id));
    if (missing.length) {
      throw new ValidationProblem([{ field: 'roleIds', message: `no role with id ${missing.join(', ')}` }]);
    }
    return roles;
  }
}

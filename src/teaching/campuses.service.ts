import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { loadForUpdate, saveEdit } from '../common/entities/load-for-update.js';
import { ApiProblem } from '../common/errors/problem.js';
import type { ListQuery } from '../common/list/list-query.js';
import { paginate, type Page } from '../common/list/paginate.js';
import type { CampusDto, CreateCampusDto, UpdateCampusDto } from './dto/campus.dto.js';
import { Branch } from './entities/branch.entity.js';
import { assertUnreferenced } from './references.js';

export function toCampusDto(branch: Branch): CampusDto {
  const { id, name, address, version, createdAt, updatedAt } = branch;
  return { id, name, address, version, createdAt, updatedAt };
}

// a handful of rows: name is indexed, createdAt sorts a few
export const CAMPUS_LIST = {
  sortable: { name: 'b.name', createdAt: 'b.createdAt' },
  defaultSort: 'name',
  search: ['b.name'],
};

/** Campuses: the seed's Branch (table `branch`). */
@Injectable()
export class CampusesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListQuery): Promise<Page<CampusDto>> {
    const qb = this.dataSource.getRepository(Branch).createQueryBuilder('b');
    const page = await paginate(qb, query, CAMPUS_LIST);
    return { data: page.data.map(toCampusDto), meta: page.meta };
  }

  async get(id: number): Promise<CampusDto> {
    const branch = await this.dataSource.getRepository(Branch).findOneBy({ id });
    if (!branch) throw new ApiProblem(HttpStatus.NOT_FOUND, `Campus ${id} does not exist`);
    return toCampusDto(branch);
  }

  create(dto: CreateCampusDto): Promise<CampusDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertNameFree(manager, dto.name);
      const branch = manager.getRepository(Branch).create({ name: dto.name, address: dto.address });
      return toCampusDto(await manager.save(branch));
    });
  }

  update(id: number, dto: UpdateCampusDto): Promise<CampusDto> {
    return this.dataSource.transaction(async (manager) => {
      const branch = await loadForUpdate(manager, Branch, id, { expectedVersion: dto.version, label: 'Campus' });
      if (dto.name !== undefined && dto.name !== branch.name) await this.assertNameFree(manager, dto.name, id);
      const { version: _version, ...fields } = dto;
      Object.assign(branch, fields);
      return toCampusDto(await saveEdit(manager, branch));
    });
  }

  /** Deletes a campus that has no classes; otherwise 409. */
  async remove(id: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const branch = await loadForUpdate(manager, Branch, id, { label: 'Campus' });
      await assertUnreferenced(manager, 'Campus', id, [
        { table: 'school_class', column: 'branch_id', noun: 'classes' },
      ]);
      await manager.remove(branch);
    });
  }

  private async assertNameFree(manager: EntityManager, name: string, exceptId?: number): Promise<void> {
    const where = exceptId === undefined ? { name } : { name, id: Not(exceptId) };
    if (await manager.getRepository(Branch).existsBy(where)) {
      throw new ApiProblem(HttpStatus.CONFLICT, `A campus named ${name} already exists`, {
        errors: [{ field: 'name', message: 'is already taken' }],
      });
    }
  }
}

import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { loadForUpdate, saveEdit } from '../common/entities/load-for-update.js';
import { ApiProblem } from '../common/errors/problem.js';
import type { ListQuery } from '../common/list/list-query.js';
import { paginate, type Page } from '../common/list/paginate.js';
import type { TagDto, TagInputDto } from './dto/tag.dto.js';
import { Customer } from './entities/customer.entity.js';
import { Tag } from './entities/tag.entity.js';

const toTagDto = ({ id, name, createdAt, updatedAt }: Tag): TagDto => ({ id, name, createdAt, updatedAt });

export const TAG_LIST = {
  sortable: { name: 't.name', createdAt: 't.createdAt' },
  defaultSort: 'name',
  search: ['t.name'],
};

/** The tag catalogue. Tags carry no version (the table has none): a rename is last-write-wins. */
@Injectable()
export class TagsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListQuery): Promise<Page<TagDto>> {
    const page = await paginate(this.dataSource.getRepository(Tag).createQueryBuilder('t'), query, TAG_LIST);
    return { data: page.data.map(toTagDto), meta: page.meta };
  }

  async get(id: number): Promise<TagDto> {
    const tag = await this.dataSource.getRepository(Tag).findOneBy({ id });
    if (!tag) throw new ApiProblem(HttpStatus.NOT_FOUND, `Tag ${id} does not exist`);
    return toTagDto(tag);
  }

  create(dto: TagInputDto): Promise<TagDto> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertNameFree(manager, dto.name);
      return toTagDto(await manager.save(manager.create(Tag, { name: dto.name })));
    });
  }

  update(id: number, dto: TagInputDto): Promise<TagDto> {
    return this.dataSource.transaction(async (manager) => {
      const tag = await loadForUpdate(manager, Tag, id, { label: 'Tag' });
      if (tag.name !== dto.name) await this.assertNameFree(manager, dto.name, id);
      tag.name = dto.name;
      return toTagDto(await manager.save(tag));
    });
  }

  /**
   * Deletes a tag no live customer has (409 otherwise, naming how many: take it off them first, so every
   * customer's change is an audited edit). Soft-deleted customers holding it lose it as an audited edit too.
   */
  async remove(id: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const tag = await loadForUpdate(manager, Tag, id, { label: 'Tag' });
      const holding = () =>
        manager.getRepository(Customer).createQueryBuilder('c').innerJoin('c.tags', 't', 't.id = :id', { id });
      const live = await holding().getCount();
      if (live) {
        throw new ApiProblem(
          HttpStatus.CONFLICT,
          `Tag ${tag.name} is on ${live} customer(s); remove it from them first`,
          {
            customerCount: live,
          },
        );
      }
      const deleted = await holding()
        .withDeleted()
        .leftJoinAndSelect('c.tags', 'all_tags')
        .where('c.deletedAt IS NOT NULL')
        .getMany();
      for (const customer of deleted) {
        customer.tags = customer.tags.filter((t) => t.id !== id);
        await saveEdit(manager, customer);
      }
      await manager.remove(tag);
    });
  }

  /** Names are unique regardless of case (MariaDB's collation compares that way; SQLite would not). */
  private async assertNameFree(manager: EntityManager, name: string, selfId?: number): Promise<void> {
    const qb = manager.getRepository(Tag).createQueryBuilder('t').where('LOWER(t.name) = LOWER(:name)', { name });
    if (selfId !== undefined) qb.andWhere('t.id <> :selfId', { selfId });
    const other = await qb.getOne();
    if (other) {
      throw new ApiProblem(HttpStatus.CONFLICT, `A tag named ${other.name} already exists`, {
        errors: [{ field: 'name', message: 'is already taken' }],
      });
    }
  }
}

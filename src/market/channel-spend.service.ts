import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { loadForUpdate, saveEdit } from '../common/entities/load-for-update.js';
import { ApiProblem, ValidationProblem } from '../common/errors/problem.js';
import { paginate, type Page } from '../common/list/paginate.js';
import type {
  ChannelSpendDto,
  ChannelSpendListQuery,
  CreateChannelSpendDto,
  UpdateChannelSpendDto,
} from './dto/channel-spend.dto.js';
import { ChannelSpend } from './entities/channel-spend.entity.js';

export function toChannelSpendDto(spend: ChannelSpend): ChannelSpendDto {
  const { id, source, month, amount, campaign, memo, version, createdAt, updatedAt } = spend;
  const updatedBy = { id: spend.updatedBy.id, name: spend.updatedBy.name };
  return { id, source, month, amount, campaign, memo, updatedBy, version, createdAt, updatedAt };
}

export const CHANNEL_SPEND_LIST = {
  sortable: { month: 'cs.month', source: 'cs.source' },
  defaultSort: '-month',
  search: ['cs.campaign'],
};

/** Money spent per channel (customer source) and month. Every write is audited. */
@Injectable()
export class ChannelSpendService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ChannelSpendListQuery): Promise<Page<ChannelSpendDto>> {
    if (query.fromMonth && query.toMonth && query.toMonth < query.fromMonth) {
      throw new ValidationProblem([{ field: 'toMonth', message: 'must not be before fromMonth' }]);
    }
    const qb = this.dataSource
      .getRepository(ChannelSpend)
      .createQueryBuilder('cs')
      .innerJoin('cs.updatedBy', 'u')
      .addSelect(['u.id', 'u.name']);
    if (query.source !== undefined) qb.andWhere('cs.source = :source', { source: query.source });
    if (query.fromMonth) qb.andWhere('cs.month >= :fromMonth', { fromMonth: query.fromMonth });
    if (query.toMonth) qb.andWhere('cs.month <= :toMonth', { toMonth: query.toMonth });
    const page = await paginate(qb, query, CHANNEL_SPEND_LIST);
    return { data: page.data.map(toChannelSpendDto), meta: page.meta };
  }

  async get(id: number): Promise<ChannelSpendDto> {
    return toChannelSpendDto(await this.find(this.dataSource.manager, id));
  }

  create(dto: CreateChannelSpendDto, actor: Actor): Promise<ChannelSpendDto> {
    return this.dataSource.transaction(async (manager) => {
      const spend = manager.create(ChannelSpend, {
        source: dto.source,
        month: dto.month,
        amount: dto.amount,
        campaign: dto.campaign ?? null,
        memo: dto.memo ?? null,
        updatedById: actor.id,
      });
      await manager.save(spend);
      return toChannelSpendDto(await this.find(manager, spend.id));
    });
  }

  update(id: number, dto: UpdateChannelSpendDto, actor: Actor): Promise<ChannelSpendDto> {
    const nulls = (['source', 'month', 'amount'] as const).filter((field) => dto[field] === null);
    if (nulls.length) throw new ValidationProblem(nulls.map((field) => ({ field, message: 'must not be null' })));
    return this.dataSource.transaction(async (manager) => {
      const spend = await loadForUpdate(manager, ChannelSpend, id, {
        expectedVersion: dto.version,
        label: 'Channel spend',
      });
      if (dto.source !== undefined) spend.source = dto.source;
      if (dto.month !== undefined) spend.month = dto.month;
      if (dto.amount !== undefined) spend.amount = dto.amount;
      if (dto.campaign !== undefined) spend.campaign = dto.campaign ?? null;
      if (dto.memo !== undefined) spend.memo = dto.memo ?? null;
      spend.updatedById = actor.id;
      await saveEdit(manager, spend);
      return toChannelSpendDto(await this.find(manager, id));
    });
  }

  async remove(id: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const spend = await loadForUpdate(manager, ChannelSpend, id, { label: 'Channel spend' });
      await manager.remove(spend);
    });
  }

  private async find(manager: EntityManager, id: number): Promise<ChannelSpend> {
    const spend = await manager.getRepository(ChannelSpend).findOne({ where: { id }, relations: { updatedBy: true } });
    if (!spend) throw new ApiProblem(HttpStatus.NOT_FOUND, `Channel spend ${id} does not exist`);
    return spend;
  }
}

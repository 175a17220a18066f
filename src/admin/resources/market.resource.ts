import { OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { validateDto } from '../../common/errors/validation.js';
import { yuan } from '../../common/money.js';
import { ChannelSpendService, CHANNEL_SPEND_LIST } from '../../market/channel-spend.service.js';
import { COMPETITOR_LIST, CompetitorsService } from '../../market/competitors.service.js';
import {
  ChannelSpendListQuery,
  CreateChannelSpendDto,
  UpdateChannelSpendDto,
  type ChannelSpendDto,
} from '../../market/dto/channel-spend.dto.js';
import { CreateCompetitorDto, UpdateCompetitorDto, type CompetitorDto } from '../../market/dto/competitor.dto.js';
import { ChannelSpend } from '../../market/entities/channel-spend.entity.js';
import { Competitor } from '../../market/entities/competitor.entity.js';
import { ListQuery } from '../../common/list/list-query.js';
import type { ResourceSpec, Resolve } from '../adapter/resource-spec.js';
import { fenOrNull, IsYuan, toFen, yuanText } from '../adapter/yuan-input.js';

/** A competitor's course as the form edits it: prices in yuan. */
class CompetitorCourseForm {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  name: string;

  @IsYuan('minPrice', true)
  minPrice?: string | null;

  @IsYuan('maxPrice', true)
  maxPrice?: string | null;
}

class CompetitorForm extends OmitType(CreateCompetitorDto, ['courses'] as const) {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true }) // ValidateNested would walk an inner array's (absent) items and pass it
  @ValidateNested({ each: true })
  @Type(() => CompetitorCourseForm)
  courses?: CompetitorCourseForm[];
}

class CompetitorUpdateForm extends CompetitorForm {
  @IsInt()
  @Min(1)
  version: number;
}

/** The form's courses (yuan) → the API's (fen). */
const coursesInFen = (courses: CompetitorCourseForm[] | undefined) =>
  courses?.map((c) => ({ name: c.name, minPrice: fenOrNull(c.minPrice), maxPrice: fenOrNull(c.maxPrice) }));

/** Competitors through CompetitorsService; course prices show and are typed in yuan. */
export function competitorResource(resolve: Resolve): ResourceSpec<CompetitorDto> {
  const competitors = resolve(CompetitorsService);
  const fields = ['name', 'website', 'cities', 'courses', 'strengths', 'weaknesses', 'notes'];
  return {
    entity: Competitor,
    navigation: 'market',
    titleProperty: 'name',
    listProperties: ['name', 'website', 'cities', 'updatedById', 'updatedAt'],
    showProperties: [...fields, 'updatedById', 'createdAt', 'updatedAt'],
    editProperties: fields,
    filterProperties: ['q'],
    properties: {
      q: { type: 'string' },
      cities: { type: 'string', isArray: true },
      courses: { type: 'mixed', isArray: true, sub: { name: {}, minPrice: {}, maxPrice: {} } },
      strengths: { type: 'textarea' },
      weaknesses: { type: 'textarea' },
      notes: { type: 'textarea' },
    },
    sortable: Object.keys(COMPETITOR_LIST.sortable),
    defaultSort: { sortBy: 'name', direction: 'asc' },
    access: { read: 'market.read', create: 'market.write', edit: 'market.write', delete: 'market.write' },
    listQuery: ListQuery,
    list: (query) => competitors.list(query as ListQuery),
    get: (id) => competitors.get(id),
    create: {
      dto: CompetitorForm,
      run: async (form, actor) => {
        const { courses, ...rest } = form as CompetitorForm;
        const dto = await validateDto(CreateCompetitorDto, { ...rest, courses: coursesInFen(courses) });
        return competitors.create(dto, actor);
      },
    },
    update: {
      dto: CompetitorUpdateForm,
      run: async (id, form, actor) => {
        const { courses, ...rest } = form as CompetitorUpdateForm;
        const dto = await validateDto(UpdateCompetitorDto, { ...rest, courses: coursesInFen(courses) });
        return competitors.update(id, dto, actor);
      },
    },
    remove: (id) => competitors.remove(id),
    params: (row) => ({
      ...row,
      updatedById: row.updatedBy.id,
      courses: row.courses.map((c) => ({ ...c, minPrice: yuanText(c.minPrice), maxPrice: yuanText(c.maxPrice) })),
    }),
    refs: (row) => ({ Staff: [row.updatedBy] }),
  };
}

class ChannelSpendForm extends OmitType(CreateChannelSpendDto, ['amount'] as const) {
  @IsYuan('amount')
  amount: string;
}

class ChannelSpendUpdateForm extends OmitType(UpdateChannelSpendDto, ['amount'] as const) {
  @IsYuan('amount', true)
  amount?: string;
}

/** Money spent per channel and month through ChannelSpendService; amounts show and are typed in yuan. */
export function channelSpendResource(resolve: Resolve): ResourceSpec<ChannelSpendDto> {
  const spend = resolve(ChannelSpendService);
  return {
    entity: ChannelSpend,
    navigation: 'market',
    titleProperty: 'month',
    listProperties: ['month', 'source', 'amount', 'campaign', 'updatedById', 'updatedAt'],
    showProperties: ['month', 'source', 'amount', 'campaign', 'memo', 'updatedById', 'createdAt', 'updatedAt'],
    editProperties: ['source', 'month', 'amount', 'campaign', 'memo'],
    filterProperties: ['q', 'source'],
    properties: {
      q: { type: 'string' },
      amount: { type: 'string', isRequired: true },
      memo: { type: 'textarea' },
    },
    sortable: Object.keys(CHANNEL_SPEND_LIST.sortable),
    defaultSort: { sortBy: 'month', direction: 'desc' },
    access: { read: 'market.spend', create: 'market.spend', edit: 'market.spend', delete: 'market.spend' },
    listQuery: ChannelSpendListQuery,
    list: (query) => spend.list(query as ChannelSpendListQuery),
    get: (id) => spend.get(id),
    create: {
      dto: ChannelSpendForm,
      run: async (form, actor) => {
        const { amount, ...rest } = form as ChannelSpendForm;
        const dto = await validateDto(CreateChannelSpendDto, { ...rest, amount: toFen(amount) });
        return spend.create(dto, actor);
      },
    },
    update: {
      dto: ChannelSpendUpdateForm,
      run: async (id, form, actor) => {
        const { amount, ...rest } = form as ChannelSpendUpdateForm;
        const dto = await validateDto(UpdateChannelSpendDto, { ...rest, amount: fenOrNull(amount) ?? undefined });
        return spend.update(id, dto, actor);
      },
    },
    remove: (id) => spend.remove(id),
    params: (row) => ({ ...row, amount: yuan(row.amount), updatedById: row.updatedBy.id }),
    refs: (row) => ({ Staff: [row.updatedBy] }),
  };
}

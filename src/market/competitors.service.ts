import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { loadForUpdate, saveEdit } from '../common/entities/load-for-update.js';
import { ApiProblem, ProblemType, ValidationProblem, type FieldError } from '../common/errors/problem.js';
import type { ListQuery } from '../common/list/list-query.js';
import { paginate, type Page } from '../common/list/paginate.js';
import type {
  CompetitorCourseDto,
  CompetitorDto,
  CreateCompetitorDto,
  UpdateCompetitorDto,
} from './dto/competitor.dto.js';
import { Competitor } from './entities/competitor.entity.js';

export function toCompetitorDto(competitor: Competitor): CompetitorDto {
  const { id, name, website, cities, courses, strengths, weaknesses, notes, version, createdAt, updatedAt } =
    competitor;
  const updatedBy = { id: competitor.updatedBy.id, name: competitor.updatedBy.name };
  return {
    id,
    name,
    website,
    cities,
    courses,
    strengths,
    weaknesses,
    notes,
    updatedBy,
    version,
    createdAt,
    updatedAt,
  };
}

// tens of rows: name is unique-indexed, the rest sorts a handful
export const COMPETITOR_LIST = {
  sortable: { name: 'k.name', createdAt: 'k.createdAt', updatedAt: 'k.updatedAt' },
  defaultSort: 'name',
  search: ['k.name'],
};

const NULLABLE = ['website', 'strengths', 'weaknesses', 'notes'] as const;

/** Each course's price range must not be upside down. */
function checkCourses(courses: CompetitorCourseDto[] | undefined): void {
  const errors: FieldError[] = [];
  courses?.forEach((course, i) => {
    if (course.minPrice != null && course.maxPrice != null && course.maxPrice < course.minPrice) {
      errors.push({ field: `courses.${i}.maxPrice`, message: 'must not be below minPrice' });
    }
  });
  if (errors.length) throw new ValidationProblem(errors);
}

const courseRows = (courses: CompetitorCourseDto[]) =>
  courses.map(({ name, minPrice, maxPrice }) => ({ name, minPrice: minPrice ?? null, maxPrice: maxPrice ?? null }));

/** Competitors: who else sells courses to our customers, where, at what prices. Every write is audited. */
@Injectable()
export class CompetitorsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListQuery): Promise<Page<CompetitorDto>> {
    const qb = this.dataSource
      .getRepository(Competitor)
      .createQueryBuilder('k')
      .innerJoin('k.updatedBy', 'u')
      .addSelect(['u.id', 'u.name']);
    const page = await paginate(qb, query, COMPETITOR_LIST);
    return { data: page.data.map(toCompetitorDto), meta: page.meta };
  }

  async get(id: number): Promise<CompetitorDto> {
    return toCompetitorDto(await this.find(this.dataSource.manager, id));
  }

  create(dto: CreateCompetitorDto, actor: Actor): Promise<CompetitorDto> {
    checkCourses(dto.courses);
    return this.dataSource.transaction(async (manager) => {
      await this.assertNameFree(manager, dto.name);
      const competitor = manager.create(Competitor, {
        name: dto.name,
        website: dto.website ?? null,
        cities: dto.cities ?? [],
        courses: courseRows(dto.courses ?? []),
        strengths: dto.strengths ?? null,
        weaknesses: dto.weaknesses ?? null,
        notes: dto.notes ?? null,
        updatedById: actor.id,
      });
      await manager.save(competitor);
      return toCompetitorDto(await this.find(manager, competitor.id));
    });
  }

  update(id: number, dto: UpdateCompetitorDto, actor: Actor): Promise<CompetitorDto> {
    const nulls = (['name', 'cities', 'courses'] as const).filter((field) => dto[field] === null);
    if (nulls.length) throw new ValidationProblem(nulls.map((field) => ({ field, message: 'must not be null' })));
    checkCourses(dto.courses);
    return this.dataSource.transaction(async (manager) => {
      const competitor = await loadForUpdate(manager, Competitor, id, {
        expectedVersion: dto.version,
        label: 'Competitor',
      });
      if (dto.name !== undefined && dto.name !== competitor.name) await this.assertNameFree(manager, dto.name, id);
      if (dto.name !== undefined) competitor.name = dto.name;
      if (dto.cities !== undefined) competitor.cities = dto.cities;
      if (dto.courses !== undefined) competitor.courses = courseRows(dto.courses);
      for (const field of NULLABLE) if (dto[field] !== undefined) competitor[field] = dto[field] ?? null;
      competitor.updatedById = actor.id;
      await saveEdit(manager, competitor);
      return toCompetitorDto(await this.find(manager, id));
    });
  }

  /** Deletes a competitor no follow-up names (409 otherwise: those losses stay on record). */
  async remove(id: number): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const competitor = await loadForUpdate(manager, Competitor, id, { label: 'Competitor' });
      const [row] = await manager.query('SELECT COUNT(*) AS n FROM customer_follow_up WHERE competitor_id = ?', [id]);
      const count = Number(row.n);
      if (count > 0) {
        throw new ApiProblem(
          HttpStatus.CONFLICT,
          `Competitor ${id} is named by ${count} follow-up(s); it cannot be deleted`,
          { references: { followUps: count } },
          ProblemType.inUse,
        );
      }
      await manager.remove(competitor);
    });
  }

  private async find(manager: EntityManager, id: number): Promise<Competitor> {
    const competitor = await manager
      .getRepository(Competitor)
      .findOne({ where: { id }, relations: { updatedBy: true } });
    if (!competitor) throw new ApiProblem(HttpStatus.NOT_FOUND, `Competitor ${id} does not exist`);
    return competitor;
  }

  /** Names are unique regardless of case (MariaDB's collation compares that way; SQLite would not). */
  private async assertNameFree(manager: EntityManager, name: string, selfId?: number): Promise<void> {
    const qb = manager
      .getRepository(Competitor)
      .createQueryBuilder('k')
      .where('LOWER(k.name) = LOWER(:name)', { name });
    if (selfId !== undefined) qb.andWhere('k.id <> :selfId', { selfId });
    const other = await qb.getOne();
    if (other) {
      throw new ApiProblem(
        HttpStatus.CONFLICT,
        `A competitor named ${other.name} already exists`,
        { errors: [{ field: 'name', message: 'is already taken' }] },
        ProblemType.duplicate,
      );
    }
  }
}

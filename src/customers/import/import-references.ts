import type { EntityManager } from 'typeorm';
import { Staff } from '../../auth/entities/staff.entity.js';
import { Course } from '../../teaching/entities/course.entity.js';
import { Tag } from '../entities/tag.entity.js';
import { comparable } from './import-columns.js';

/** A name resolved to an id, or why it cannot be. */
export type Resolved = { id: number } | { error: string };

const byComparableName = <T extends { name: string }>(records: T[]) => {
  const map = new Map<string, T[]>();
  for (const record of records) {
    const key = comparable(record.name);
    map.set(key, [...(map.get(key) ?? []), record]);
  }
  return map;
};

/**
 * Consultants, courses and tags by name, loaded once per import (schools have tens to hundreds of each), so a
 * row resolves its names without a query. Names compare like headers: case and spaces ignored.
 */
export class ImportReferences {
  private constructor(
    private readonly staffByUsername: Map<string, Staff>,
    private readonly staffByName: Map<string, Staff[]>,
    private readonly courses: Map<string, Course[]>,
    private readonly tags: Map<string, Tag[]>,
  ) {}

  static async load(manager: EntityManager): Promise<ImportReferences> {
    const staff = await manager
      .getRepository(Staff)
      .find({ select: { id: true, username: true, name: true }, where: { isActive: true } });
    const courses = await manager.getRepository(Course).find({ select: { id: true, name: true } });
    const tags = await manager.getRepository(Tag).find({ select: { id: true, name: true } });
    return new ImportReferences(
      new Map(staff.map((s) => [comparable(s.username), s])),
      byComparableName(staff),
      byComparableName(courses),
      byComparableName(tags),
    );
  }

  /** An active staff member by username, else by name (which must then be unique). */
  consultant(text: string): Resolved {
    const key = comparable(text);
    const byUsername = this.staffByUsername.get(key);
    if (byUsername) return { id: byUsername.id };
    const named = this.staffByName.get(key) ?? [];
    if (named.length === 1) return { id: named[0].id };
    return {
      error: named.length
        ? `${named.length} active staff members are named "${text}"; use the username`
        : `no active staff member has the name or username "${text}"`,
    };
  }

  course(text: string): Resolved {
    const [course] = this.exact(this.courses.get(comparable(text)) ?? [], text);
    return course ? { id: course.id } : { error: `no course is named "${text}"` };
  }

  /** Existing tags only: an import never creates tags (that needs tags.manage, and a typo would make a new one). */
  tag(text: string): Resolved {
    const [tag] = this.exact(this.tags.get(comparable(text)) ?? [], text);
    return tag ? { id: tag.id } : { error: `no tag is named "${text}"` };
  }

  /** Of names that differ only in case or spaces, the exact one first. */
  private exact<T extends { name: string }>(records: T[], text: string): T[] {
    return [...records].sort((a, b) => Number(b.name === text.trim()) - Number(a.name === text.trim()));
  }
}

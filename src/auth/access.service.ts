import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Actor } from '../common/auth/actor.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { Staff } from './entities/staff.entity.js';

/** Turns a staff id into an Actor with the union of its roles' permissions; undefined when absent or disabled. */
@Injectable()
export class AccessService {
  constructor(@InjectRepository(Staff) private readonly staff: Repository<Staff>) {}

  /**
   * `session`: the sign-in (refresh-token family) an access token was issued for; the actor is found only while
   * that sign-in is alive, so logging out or a detected refresh-token reuse stops its access tokens at once.
   */
  async actorFor(staffId: number, session?: string): Promise<Actor | undefined> {
    // one statement on every request: findOne with a relation would send a DISTINCT … LIMIT 1 pre-query first
    const query = this.staff
      .createQueryBuilder('actor')
      .leftJoin('actor.roles', 'r')
      .select(['actor.id', 'actor.username', 'actor.name', 'r.id', 'r.code', 'r.permissions'])
      .where('actor.id = :staffId AND actor.isActive = :active', { staffId, active: true });
    if (session !== undefined) {
      query.andWhere(
        (qb) =>
          `EXISTS ${qb
            .subQuery()
            .select('1')
            .from(RefreshToken, 'live')
            .where('live.familyId = :session AND live.revokedAt IS NULL')
            .getQuery()}`,
        { session },
      );
    }
    const staff = await query.getOne();
    if (!staff) return undefined;
    const permissions = new Set(staff.roles.flatMap((role) => role.permissions));
    return new Actor(
      staff.id,
      staff.username,
      staff.name,
      staff.roles.map((role) => role.code),
      permissions,
    );
  }
}

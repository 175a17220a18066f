import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Actor } from '../common/auth/actor.js';
import { Staff } from './entities/staff.entity.js';

/** Turns a staff id into an Actor with the union of its roles' permissions; undefined when absent or disabled. */
@Injectable()
export class AccessService {
  constructor(@InjectRepository(Staff) private readonly staff: Repository<Staff>) {}

  async actorFor(staffId: number): Promise<Actor | undefined> {
    const staff = await this.staff.findOne({ where: { id: staffId, isActive: true }, relations: { roles: true } });
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

import { HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { updateBookkeeping } from '../common/entities/load-for-update.js';
import { ApiProblem, ValidationProblem } from '../common/errors/problem.js';
import { AppConfig } from '../config/app-config.js';
import type { MeDto, TokensDto } from './dto/auth.dto.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { Staff } from './entities/staff.entity.js';
import type { AccessTokenPayload } from './jwt.strategy.js';
import { LoginThrottle } from './login-throttle.js';
import { hashPassword, passwordProblem, verifyPassword } from './password.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const BAD_CREDENTIALS = 'Wrong username or password';

@Injectable()
export class AuthService {
  /** Verified against when the username is unknown, so both failures take the same time. */
  private readonly dummyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly throttle: LoginThrottle,
  ) {}

  async login(username: string, password: string, ip: string): Promise<TokensDto> {
    return this.issue(await this.verifyCredentials(username, password, ip), randomUUID());
  }

  /**
   * The one password check, for the API's login and the back office's: throttled per account and IP, the same
   * time for an unknown username, 401 for wrong credentials, 403 for a disabled account. Records the sign-in.
   */
  async verifyCredentials(username: string, password: string, ip: string): Promise<Pick<Staff, 'id' | 'username'>> {
    await this.throttle.assertAllowed(username, ip);
    const staff = await this.dataSource
      .getRepository(Staff)
      .createQueryBuilder('s')
      .addSelect('s.passwordHash')
      .where('s.username = :username', { username })
      .getOne();
    const valid = await verifyPassword(staff?.passwordHash ?? (await this.dummyHash), password);
    if (!staff || !valid) {
      await this.throttle.recordFailure(username, ip);
      throw new UnauthorizedException(BAD_CREDENTIALS);
    }
    if (!staff.isActive) throw new ApiProblem(HttpStatus.FORBIDDEN, 'This account is disabled');
    await this.throttle.recordSuccess(username);
    await updateBookkeeping(this.dataSource.manager, Staff, staff.id, { lastLoginAt: new Date() });
    return { id: staff.id, username: staff.username };
  }

  /** Rotates a refresh token. A token presented twice revokes its whole family (it was stolen or replayed). */
  async refresh(token: string): Promise<TokensDto> {
    const tokens = this.dataSource.getRepository(RefreshToken);
    const stored = await tokens.findOne({ where: { tokenHash: sha256(token) }, relations: { staff: true } });
    if (!stored) throw new UnauthorizedException('Unknown refresh token');
    if (stored.revokedAt || stored.usedAt) {
      await this.revokeFamily(stored.familyId);
      throw new UnauthorizedException('This refresh token was already used; every session of this sign-in is revoked');
    }
    if (stored.expiresAt.getTime() <= Date.now()) throw new UnauthorizedException('The refresh token has expired');
    if (!stored.staff.isActive) throw new UnauthorizedException('The account is disabled');
    // claim the token atomically: of two concurrent refreshes only one rotates, the other counts as reuse
    const claimed = await tokens.update(
      { id: stored.id, usedAt: IsNull(), revokedAt: IsNull() },
      { usedAt: new Date() },
    );
    if (!claimed.affected) {
      await this.revokeFamily(stored.familyId);
      throw new UnauthorizedException('This refresh token was already used; every session of this sign-in is revoked');
    }
    return this.issue(stored.staff, stored.familyId);
  }

  async logout(actor: Actor, token?: string): Promise<void> {
    const tokens = this.dataSource.getRepository(RefreshToken);
    if (!token) {
      await tokens.update({ staffId: actor.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      return;
    }
    const stored = await tokens.findOneBy({ tokenHash: sha256(token), staffId: actor.id });
    if (stored) await this.revokeFamily(stored.familyId);
  }

  async revokeAllFor(staffId: number): Promise<void> {
    await this.dataSource
      .getRepository(RefreshToken)
      .update({ staffId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    const repo = this.dataSource.getRepository(Staff);
    const staff = await repo
      .createQueryBuilder('s')
      .addSelect('s.passwordHash')
      .where('s.id = :id', { id: actor.id })
      .getOneOrFail();
    if (!(await verifyPassword(staff.passwordHash, currentPassword))) {
      throw new ValidationProblem([{ field: 'currentPassword', message: 'is wrong' }]);
    }
    const problem = passwordProblem(newPassword, staff.username);
    if (problem) throw new ValidationProblem([{ field: 'newPassword', message: problem }]);
    staff.passwordHash = await hashPassword(newPassword);
    staff.mustChangePassword = false;
    await repo.save(staff);
  }

  async me(actor: Actor): Promise<MeDto> {
    const staff = await this.dataSource
      .getRepository(Staff)
      .findOneOrFail({ where: { id: actor.id }, relations: { roles: { menus: true } } });
    const menus = new Map(staff.roles.flatMap((role) => role.menus).map((menu) => [menu.id, menu]));
    return {
      id: staff.id,
      username: staff.username,
      name: staff.name,
      email: staff.email,
      phone: staff.phone,
      mustChangePassword: staff.mustChangePassword,
      roles: staff.roles.map(({ id, code, name }) => ({ id, code, name })),
      permissions: [...actor.permissions].sort(),
      menus: [...menus.values()]
        .sort((a, b) => a.sortOrder - b.sortOrder)
        .map(({ id, name, nameZh, urlName }) => ({ id, name, nameZh, urlName })),
    };
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.dataSource
      .getRepository(RefreshToken)
      .update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async issue(staff: Pick<Staff, 'id' | 'username'>, familyId: string): Promise<TokensDto> {
    const payload: AccessTokenPayload = { sub: staff.id, username: staff.username, sid: familyId };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: this.config.jwt.accessTtlSeconds });
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshExpiresAt = new Date(Date.now() + this.config.jwt.refreshTtlSeconds * 1000);
    await this.dataSource
      .getRepository(RefreshToken)
      .insert({ tokenHash: sha256(refreshToken), familyId, staffId: staff.id, expiresAt: refreshExpiresAt });
    return {
      accessToken,
      expiresIn: this.config.jwt.accessTtlSeconds,
      refreshToken,
      refreshExpiresAt,
      tokenType: 'Bearer',
    };
  }
}

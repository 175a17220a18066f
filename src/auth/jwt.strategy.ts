import { Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Actor } from '../common/auth/actor.js';
import { AppConfig } from '../config/app-config.js';
import { AccessService } from './access.service.js';
import { jwtKey } from './jwt-key.js';

export interface AccessTokenPayload {
  sub: number;
  username: string;
  /** The sign-in (refresh-token family) the token belongs to: revoking it stops the token. */
  sid: string;
}

/**
 * Validates the bearer access token and loads the actor on every request, so a disabled account, a logout or a
 * revoked sign-in stops the token at once.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly access: AccessService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: jwtKey(config) as unknown as Buffer, // passport-jwt passes it to jsonwebtoken as is
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: AccessTokenPayload): Promise<Actor> {
    const valid = Number.isInteger(payload?.sub) && typeof payload?.sid === 'string';
    const actor = valid ? await this.access.actorFor(payload.sub, payload.sid) : undefined;
    if (!actor) throw new UnauthorizedException('The sign-in was revoked, or the account is disabled or gone');
    return actor;
  }
}

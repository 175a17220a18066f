import { ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ClsService } from 'nestjs-cls';
import { ACCESS_KEY, type AccessRule } from './access.decorators.js';
import type { Actor } from './actor.js';

/**
 * The global guard. Public routes pass; every other route needs a valid access token (passport-jwt) and,
 * when it names one, the permission. A route that declares no rule is refused: deny by default.
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly cls: ClsService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw new ForbiddenException('This route declares no access rule and is closed');
    if (rule.kind === 'public') return true;
    await super.canActivate(context);
    const actor: Actor = context.switchToHttp().getRequest().user;
    this.cls.set('actorId', actor.id);
    if (rule.kind === 'permission' && !actor.can(rule.permission)) {
      throw new ForbiddenException(`Requires permission ${rule.permission}`);
    }
    return true;
  }
}

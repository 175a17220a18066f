import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiOperation,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Actor } from './actor.js';
import { PERMISSIONS, type Permission } from './permissions.js';

export const ACCESS_KEY = 'easycrm:access';

/** What a route declares; a route that declares nothing is refused (deny by default). */
export type AccessRule =
  { kind: 'public' } | { kind: 'authenticated' } | { kind: 'permission'; permission: Permission };

/** Open to anyone, no token needed. */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule);

/** Any signed-in, active staff member. */
export const Authenticated = () =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'authenticated' } satisfies AccessRule),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' }),
  );

/** Needs `permission`; documented in Swagger as `x-permission` and in the operation description. */
export const RequirePermission = (permission: Permission, summary?: string) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'permission', permission } satisfies AccessRule),
    ApiBearerAuth(),
    ApiOperation({
      ...(summary ? { summary } : {}),
      description: `Requires permission \`${permission}\` (${PERMISSIONS[permission].en}).`,
    }),
    ApiExtension('x-permission', permission),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' }),
    ApiForbiddenResponse({ description: `Missing permission ${permission}` }),
  );

/** The authenticated staff member. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => context.switchToHttp().getRequest().user,
);

import { ApiProperty, PartialType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { ALL_PERMISSIONS } from '../../common/auth/permissions.js';
import { MenuDto } from './auth.dto.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateRoleDto {
  /** Stable identifier: lowercase letters, digits, `_` or `-`. */
  @Matches(/^[a-z][a-z0-9_-]{1,31}$/, { message: 'code must be 2-32 lowercase letters, digits, "_" or "-"' })
  code: string;

  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  description?: string | null;

  @ApiProperty({ enum: ALL_PERMISSIONS, isArray: true })
  @IsArray()
  @ArrayMaxSize(ALL_PERMISSIONS.length)
  @IsIn(ALL_PERMISSIONS, { each: true, message: 'each permission must be one of GET /api/v1/permissions' })
  permissions: string[];

  /** Ids of the menus this role shows. */
  @IsArray()
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  menuIds: number[];
}

export class UpdateRoleDto extends PartialType(
  PickType(CreateRoleDto, ['name', 'description', 'permissions', 'menuIds']),
  { skipNullProperties: false }, // null is refused unless the field itself is optional
) {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;
}

export class RoleDto {
  id: number;
  code: string;
  name: string;
  description: string | null;
  builtIn: boolean;
  permissions: string[];
  menus: MenuDto[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export class PermissionDto {
  code: string;
  en: string;
  zh: string;
}

import { ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { ListQuery } from '../../common/list/list-query.js';
import { RoleRefDto } from './auth.dto.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateStaffDto {
  /** Letters, digits, `.`, `_` or `-`; 3–64 characters. */
  @Transform(trim)
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'username must be 3-64 letters, digits, ".", "_" or "-"' })
  username: string;

  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  name: string;

  @IsOptional()
  @IsEmail()
  @MaxLength(128)
  email?: string | null;

  @IsOptional()
  @Matches(/^[0-9+\-() ]{3,32}$/, { message: 'phone must be 3-32 digits, spaces, +, -, ( or )' })
  phone?: string | null;

  /** At least 8 characters, not all digits, not the username. */
  @IsString()
  @MaxLength(128)
  password: string;

  /** Ids of the roles to grant. */
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  roleIds: number[];

  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

export class UpdateStaffDto extends PartialType(
  PickType(CreateStaffDto, ['name', 'email', 'phone', 'roleIds', 'isActive']),
  { skipNullProperties: false }, // null is refused unless the field itself is optional
) {
  /** The version you read; a stale one gets 409. */
  @IsInt()
  @Min(1)
  version: number;
}

export class ResetPasswordDto {
  @IsString()
  @MaxLength(128)
  password: string;

  /** Ask for a new password at next sign-in (default true). */
  @IsOptional()
  @IsBoolean()
  mustChangePassword?: boolean;
}

export class StaffListQuery extends ListQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  isActive?: boolean;

  /** Only staff holding the role with this code. */
  @IsOptional()
  @IsString()
  @MaxLength(32)
  role?: string;
}

export class StaffDto {
  id: number;
  username: string;
  name: string;
  email: string | null;
  phone: string | null;
  isActive: boolean;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
  @Type(() => RoleRefDto)
  roles: RoleRefDto[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password: string;
}

export class RefreshDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  refreshToken: string;
}

export class LogoutDto {
  /** The refresh token to revoke (with its family). Without it, every refresh token of the caller is revoked. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  refreshToken?: string;
}

export class ChangePasswordDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  currentPassword: string;

  /** At least 8 characters, not all digits, not the username. */
  @IsString()
  @MaxLength(128)
  newPassword: string;
}

export class TokensDto {
  /** JWT for `Authorization: Bearer …`. */
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  @ApiProperty({ description: 'Opaque token for POST /auth/refresh; rotated at each use' })
  refreshToken: string;
  refreshExpiresAt: Date;
  tokenType: 'Bearer';
}

export class MenuDto {
  id: number;
  name: string;
  nameZh: string;
  urlName: string;
}

export class RoleRefDto {
  id: number;
  code: string;
  name: string;
}

export class MeDto {
  id: number;
  username: string;
  name: string;
  email: string | null;
  phone: string | null;
  mustChangePassword: boolean;
  roles: RoleRefDto[];
  permissions: string[];
  menus: MenuDto[];
}

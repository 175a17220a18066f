import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Equals, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsChineseIdNumber } from './chinese-id.js';

/** A new one-time link: hand `path` (or the token) to the customer; it is shown only this once. */
export class EnrollmentLinkDto {
  /** 43 characters of base64url (32 random bytes). */
  token: string;
  /** Where the customer reads (GET) and agrees (POST …/agree), relative to the API host. */
  path: string;
  expiresAt: Date;
}

/** What the customer sees through their link, and nothing else. */
export class PublicEnrollmentDto {
  /** The campus (school) where the class is held. */
  campus: string;
  campusAddress: string;
  course: string;
  /** Display name of the class: campus, course and semester. */
  className: string;
  /** YYYY-MM-DD */
  startDate: string;
  contractText: string | null;
  /** Integer fen. */
  price: number;
  purchasedLessons: number;
  /** When this link stops working. */
  expiresAt: Date;
}

export class AgreeByLinkDto {
  /** Full name as on the ID card. */
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  idName: string;

  /** 18-character Chinese resident ID number. */
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @IsChineseIdNumber()
  idNumber: string;

  /** Must be true: the customer accepts the contract shown. */
  @ApiProperty({ enum: [true] })
  @Equals(true, { message: 'accept must be true to agree to the contract' })
  accept: boolean;
}

export class PublicAgreementDto {
  /** Always `agreed`. */
  status: string;
  agreedAt: Date;
}

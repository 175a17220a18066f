import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class TagInputDto {
  /** Unique (case-insensitive). */
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  name: string;
}

export class TagDto {
  id: number;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

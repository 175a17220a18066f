import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { NumberFromText } from '../http/number-from-text.js';

export const MAX_PAGE_SIZE = 100;

/** An optional id (a positive integer; query strings are converted): list filters and optional references. */
export const OptionalId = () => applyDecorators(IsOptional(), NumberFromText(), IsInt(), Min(1));

/** The query every list endpoint takes; modules extend it with typed filters. */
export class ListQuery {
  /** Page number, from 1; page numbers reach the first 10,000 rows (further: `cursor`). */
  @ApiPropertyOptional() // it has a default: without this the document called it required
  @IsOptional()
  @NumberFromText()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  /** Rows per page (at most 100). */
  @ApiPropertyOptional()
  @IsOptional()
  @NumberFromText()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 20;

  @ApiPropertyOptional({ description: 'Comma-separated fields, `-` for descending, e.g. `-createdAt,name`' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^-?[A-Za-z]+(,-?[A-Za-z]+)*$/, { message: 'sort must look like -createdAt,name' })
  sort?: string;

  /**
   * Read the page after the row this cursor names (a list's `meta.next`), instead of a page number: every page
   * is an index range, however deep. Keep the sort and filters the cursor was given with.
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  /** Search text (prefix match on the list's search fields). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

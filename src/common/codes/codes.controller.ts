import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/access.decorators.js';
import { CODE_TABLES } from './codes.js';

export class CodeItemDto {
  code: number;
  key: string;
  en: string;
  zh: string;
}

export class CodeTableDto {
  name: string;
  en: string;
  zh: string;
  defaultCode?: number;
  items: CodeItemDto[];
}

@ApiTags('codes')
@Controller('codes')
export class CodesController {
  /** Every code table (the unified information coding): numeric codes with English and Chinese labels. */
  @Public()
  @Get()
  list(): CodeTableDto[] {
    return CODE_TABLES.map(({ name, en, zh, defaultCode, items }) => ({
      name,
      en,
      zh,
      defaultCode,
      items: [...items],
    }));
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../common/auth/access.decorators.js';
import { ApiPage } from '../common/list/api-page.js';
import { ListQuery } from '../common/list/list-query.js';
import type { Page } from '../common/list/paginate.js';
import { CampusesService } from './campuses.service.js';
import { CampusDto, CreateCampusDto, UpdateCampusDto } from './dto/campus.dto.js';

@ApiTags('campuses')
@Controller('campuses')
export class CampusesController {
  constructor(private readonly campuses: CampusesService) {}

  @RequirePermission('teaching.read', 'List campuses (q: name prefix)')
  @Get()
  @ApiPage(CampusDto)
  list(@Query() query: ListQuery): Promise<Page<CampusDto>> {
    return this.campuses.list(query);
  }

  @RequirePermission('teaching.read', 'Read a campus')
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<CampusDto> {
    return this.campuses.get(id);
  }

  @RequirePermission('teaching.manage', 'Create a campus')
  @Post()
  create(@Body() dto: CreateCampusDto): Promise<CampusDto> {
    return this.campuses.create(dto);
  }

  @RequirePermission('teaching.manage', 'Edit a campus')
  @Patch(':id')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateCampusDto): Promise<CampusDto> {
    return this.campuses.update(id, dto);
  }

  @RequirePermission('teaching.manage', 'Delete a campus that has no classes')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.campuses.remove(id);
  }
}

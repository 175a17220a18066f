import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../common/auth/access.decorators.js';
import { ApiPage } from '../common/list/api-page.js';
import { ListQuery } from '../common/list/list-query.js';
import type { Page } from '../common/list/paginate.js';
import { CoursesService } from './courses.service.js';
import { CourseDto, CreateCourseDto, UpdateCourseDto } from './dto/course.dto.js';

@ApiTags('courses')
@Controller('courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @RequirePermission('teaching.read', 'List courses (q: name prefix)')
  @Get()
  @ApiPage(CourseDto)
  list(@Query() query: ListQuery): Promise<Page<CourseDto>> {
    return this.courses.list(query);
  }

  @RequirePermission('teaching.read', 'Read a course')
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<CourseDto> {
    return this.courses.get(id);
  }

  @RequirePermission('teaching.manage', 'Create a course')
  @Post()
  create(@Body() dto: CreateCourseDto): Promise<CourseDto> {
    return this.courses.create(dto);
  }

  @RequirePermission('teaching.manage', 'Edit a course')
  @Patch(':id')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateCourseDto): Promise<CourseDto> {
    return this.courses.update(id, dto);
  }

  @RequirePermission('teaching.manage', 'Delete a course no class, customer or payment refers to')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.courses.remove(id);
  }
}

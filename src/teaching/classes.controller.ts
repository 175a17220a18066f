import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators.js';
import type { Actor } from '../common/auth/actor.js';
import { ApiPage } from '../common/list/api-page.js';
import type { Page } from '../common/list/paginate.js';
import { ClassesService } from './classes.service.js';
import { ClassDto, ClassListQuery, CreateClassDto, UpdateClassDto } from './dto/class.dto.js';

/** Without teaching.read_all, a staff member sees and edits only the classes they teach (others are 404). */
@ApiTags('classes')
@Controller('classes')
export class ClassesController {
  constructor(private readonly classes: ClassesService) {}

  @RequirePermission('teaching.read', 'List classes (q: campus or course name prefix); teachers see their own')
  @Get()
  @ApiPage(ClassDto)
  list(@Query() query: ClassListQuery, @CurrentActor() actor: Actor): Promise<Page<ClassDto>> {
    return this.classes.list(query, actor);
  }

  @RequirePermission('teaching.read', 'Read a class')
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<ClassDto> {
    return this.classes.get(id, actor);
  }

  @RequirePermission('teaching.manage', 'Create a class: a term of a course at a campus')
  @Post()
  create(@Body() dto: CreateClassDto): Promise<ClassDto> {
    return this.classes.create(dto);
  }

  @RequirePermission('teaching.manage', 'Edit a class, its dates or its teachers')
  @Patch(':id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateClassDto,
    @CurrentActor() actor: Actor,
  ): Promise<ClassDto> {
    return this.classes.update(id, dto, actor);
  }

  @RequirePermission('teaching.manage', 'Delete a class that has no enrollments, lessons or feedback')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<void> {
    return this.classes.remove(id, actor);
  }
}

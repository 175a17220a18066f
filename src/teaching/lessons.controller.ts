import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators.js';
import type { Actor } from '../common/auth/actor.js';
import { ApiPage } from '../common/list/api-page.js';
import type { Page } from '../common/list/paginate.js';
import { CreatedLessonDto, CreateLessonDto, LessonDto, LessonListQuery, UpdateLessonDto } from './dto/lesson.dto.js';
import { LessonsService } from './lessons.service.js';

/** Lessons of the classes the actor may see (teachers: the classes they teach). */
@ApiTags('lessons')
@Controller()
export class LessonsController {
  constructor(private readonly lessons: LessonsService) {}

  @RequirePermission('teaching.read', "List a class's lessons")
  @Get('classes/:id/lessons')
  @ApiPage(LessonDto)
  list(
    @Param('id', ParseIntPipe) classId: number,
    @Query() query: LessonListQuery,
    @CurrentActor() actor: Actor,
  ): Promise<Page<LessonDto>> {
    return this.lessons.list(classId, query, actor);
  }

  @RequirePermission(
    'lessons.write',
    'Record a lesson; creates a study record for each student whose enrollment is agreed or approved',
  )
  @Post('classes/:id/lessons')
  create(
    @Param('id', ParseIntPipe) classId: number,
    @Body() dto: CreateLessonDto,
    @CurrentActor() actor: Actor,
  ): Promise<CreatedLessonDto> {
    return this.lessons.create(classId, dto, actor);
  }

  @RequirePermission('teaching.read', 'Read a lesson')
  @Get('lessons/:id')
  get(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<LessonDto> {
    return this.lessons.get(id, actor);
  }

  @RequirePermission('lessons.write', 'Edit a lesson')
  @Patch('lessons/:id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateLessonDto,
    @CurrentActor() actor: Actor,
  ): Promise<LessonDto> {
    return this.lessons.update(id, dto, actor);
  }

  @RequirePermission('lessons.write', 'Delete a lesson together with its study records')
  @Delete('lessons/:id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<void> {
    return this.lessons.remove(id, actor);
  }
}

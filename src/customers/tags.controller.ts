import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../common/auth/access.decorators.js';
import { ApiPage } from '../common/list/api-page.js';
import { ListQuery } from '../common/list/list-query.js';
import type { Page } from '../common/list/paginate.js';
import { TagDto, TagInputDto } from './dto/tag.dto.js';
import { TagsService } from './tags.service.js';

/** The tag catalogue (tagging a customer: POST/DELETE /customers/:id/tags). */
@ApiTags('tags')
@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @RequirePermission('customers.read', 'List tags')
  @Get()
  @ApiPage(TagDto)
  list(@Query() query: ListQuery): Promise<Page<TagDto>> {
    return this.tags.list(query);
  }

  @RequirePermission('customers.read', 'Read a tag')
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<TagDto> {
    return this.tags.get(id);
  }

  @RequirePermission('tags.manage', 'Create a tag (names are unique)')
  @Post()
  create(@Body() dto: TagInputDto): Promise<TagDto> {
    return this.tags.create(dto);
  }

  @RequirePermission('tags.manage', 'Rename a tag')
  @Patch(':id')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: TagInputDto): Promise<TagDto> {
    return this.tags.update(id, dto);
  }

  @RequirePermission('tags.manage', 'Delete a tag no live customer has (409 otherwise)')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.tags.remove(id);
  }
}

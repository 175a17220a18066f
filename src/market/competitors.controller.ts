import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators.js';
import type { Actor } from '../common/auth/actor.js';
import { ApiPage } from '../common/list/api-page.js';
import { ListQuery } from '../common/list/list-query.js';
import type { Page } from '../common/list/paginate.js';
import { CompetitorsService } from './competitors.service.js';
import { CompetitorDto, CreateCompetitorDto, UpdateCompetitorDto } from './dto/competitor.dto.js';

/** Competitors (market intelligence). Losses to them are recorded on follow-ups (intention 3). */
@ApiTags('market')
@Controller('competitors')
export class CompetitorsController {
  constructor(private readonly competitors: CompetitorsService) {}

  @RequirePermission('market.read', 'List competitors')
  @Get()
  @ApiPage(CompetitorDto)
  list(@Query() query: ListQuery): Promise<Page<CompetitorDto>> {
    return this.competitors.list(query);
  }

  @RequirePermission('market.read', 'Read a competitor')
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<CompetitorDto> {
    return this.competitors.get(id);
  }

  @RequirePermission('market.write', 'Record a competitor (names are unique)')
  @Post()
  create(@Body() dto: CreateCompetitorDto, @CurrentActor() actor: Actor): Promise<CompetitorDto> {
    return this.competitors.create(dto, actor);
  }

  @RequirePermission('market.write', 'Edit a competitor')
  @Patch(':id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateCompetitorDto,
    @CurrentActor() actor: Actor,
  ): Promise<CompetitorDto> {
    return this.competitors.update(id, dto, actor);
  }

  @RequirePermission('market.write', 'Delete a competitor no follow-up names (409 otherwise)')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.competitors.remove(id);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators.js';
import type { Actor } from '../common/auth/actor.js';
import { ApiPage } from '../common/list/api-page.js';
import type { Page } from '../common/list/paginate.js';
import { ChannelSpendService } from './channel-spend.service.js';
import {
  ChannelSpendDto,
  ChannelSpendListQuery,
  CreateChannelSpendDto,
  UpdateChannelSpendDto,
} from './dto/channel-spend.dto.js';

/** Money spent per channel (customer source) and month; GET /reports/channels sets it against what it brought. */
@ApiTags('market')
@Controller('channel-spend')
export class ChannelSpendController {
  constructor(private readonly spend: ChannelSpendService) {}

  @RequirePermission('market.spend', 'List channel spend')
  @Get()
  @ApiPage(ChannelSpendDto)
  list(@Query() query: ChannelSpendListQuery): Promise<Page<ChannelSpendDto>> {
    return this.spend.list(query);
  }

  @RequirePermission('market.spend', 'Read a channel spend record')
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<ChannelSpendDto> {
    return this.spend.get(id);
  }

  @RequirePermission('market.spend', 'Record money spent on a channel in a month')
  @Post()
  create(@Body() dto: CreateChannelSpendDto, @CurrentActor() actor: Actor): Promise<ChannelSpendDto> {
    return this.spend.create(dto, actor);
  }

  @RequirePermission('market.spend', 'Edit a channel spend record')
  @Patch(':id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateChannelSpendDto,
    @CurrentActor() actor: Actor,
  ): Promise<ChannelSpendDto> {
    return this.spend.update(id, dto, actor);
  }

  @RequirePermission('market.spend', 'Delete a channel spend record')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.spend.remove(id);
  }
}

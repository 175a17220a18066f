import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../common/auth/access.decorators.js';
import type { Actor } from '../common/auth/actor.js';
import { ApiPage } from '../common/list/api-page.js';
import type { Page } from '../common/list/paginate.js';
import { CreateStaffDto, ResetPasswordDto, StaffDto, StaffListQuery, UpdateStaffDto } from './dto/staff.dto.js';
import { StaffService } from './staff.service.js';

@ApiTags('staff')
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @RequirePermission('staff.manage', 'List staff accounts')
  @Get()
  @ApiPage(StaffDto)
  list(@Query() query: StaffListQuery): Promise<Page<StaffDto>> {
    return this.staff.list(query);
  }

  @RequirePermission('staff.manage', 'Read a staff account')
  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number): Promise<StaffDto> {
    return this.staff.get(id);
  }

  @RequirePermission('staff.manage', 'Create a staff account')
  @Post()
  create(@Body() dto: CreateStaffDto): Promise<StaffDto> {
    return this.staff.create(dto);
  }

  @RequirePermission('staff.manage', 'Edit, activate or deactivate a staff account, or change its roles')
  @Patch(':id')
  update(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: UpdateStaffDto,
    @CurrentActor() actor: Actor,
  ): Promise<StaffDto> {
    return this.staff.update(id, dto, actor);
  }

  @RequirePermission('staff.manage', "Set a staff member's password (signs them out everywhere)")
  @Post(':id/password')
  @HttpCode(204)
  resetPassword(@Param('id', ParseIntPipe) id: number, @Body() dto: ResetPasswordDto): Promise<void> {
    return this.staff.resetPassword(id, dto);
  }

  @RequirePermission('staff.manage', 'Delete a staff account that no record refers to')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number, @CurrentActor() actor: Actor): Promise<void> {
    return this.staff.remove(id, actor);
  }
}

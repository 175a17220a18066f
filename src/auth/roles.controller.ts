import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../common/auth/access.decorators.js';
import { ApiPage } from '../common/list/api-page.js';
import { ListQuery } from '../common/list/list-query.js';
import type { Page } from '../common/list/paginate.js';
import { MenuDto } from './dto/auth.dto.js';
import { CreateRoleDto, PermissionDto, RoleDto, UpdateRoleDto } from './dto/role.dto.js';
import { RolesService } from './roles.service.js';

@ApiTags('roles')
@Controller()
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @RequirePermission('roles.manage', 'List roles')
  @Get('roles')
  @ApiPage(RoleDto)
  list(@Query() query: ListQuery): Promise<Page<RoleDto>> {
    return this.roles.list(query);
  }

  @RequirePermission('roles.manage', 'Read a role')
  @Get('roles/:id')
  get(@Param('id', ParseIntPipe) id: number): Promise<RoleDto> {
    return this.roles.get(id);
  }

  @RequirePermission('roles.manage', 'Create a role')
  @Post('roles')
  create(@Body() dto: CreateRoleDto): Promise<RoleDto> {
    return this.roles.create(dto);
  }

  @RequirePermission('roles.manage', "Edit a role's name, permissions or menus")
  @Patch('roles/:id')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateRoleDto): Promise<RoleDto> {
    return this.roles.update(id, dto);
  }

  @RequirePermission('roles.manage', 'Delete a role no one holds (built-in roles stay)')
  @Delete('roles/:id')
  @HttpCode(204)
  remove(@Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.roles.remove(id);
  }

  @RequirePermission('roles.manage', 'Every permission a role can hold')
  @Get('permissions')
  permissions(): PermissionDto[] {
    return this.roles.permissions();
  }

  @RequirePermission('roles.manage', 'Every menu a role can show')
  @Get('menus')
  menus(): Promise<MenuDto[]> {
    return this.roles.menusList();
  }
}

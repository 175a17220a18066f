import {
  CreateStaffDto,
  ResetPasswordDto,
  StaffListQuery,
  UpdateStaffDto,
  type StaffDto,
} from '../../auth/dto/staff.dto.js';
import { Staff } from '../../auth/entities/staff.entity.js';
import { STAFF_LIST, StaffService } from '../../auth/staff.service.js';
import { formAction, recordAction } from '../adapter/actions.js';
import type { ResourceSpec, Resolve } from '../adapter/resource-spec.js';

const FIELDS = ['name', 'email', 'phone', 'roleIds', 'isActive'];

const staffParams = (staff: StaffDto) => ({ ...staff, roleIds: staff.roles.map((role) => role.id) });

/**
 * Staff accounts: create (with a first password), edit, enable and disable, reset a password. Passwords are
 * never read or shown. Anyone signed in may pick a colleague by name (e.g. a customer's consultant).
 */
export function staffResource(resolve: Resolve): ResourceSpec<StaffDto> {
  const staff = resolve(StaffService);
  const setActive = (isActive: boolean) =>
    recordAction({
      permission: 'staff.manage',
      icon: isActive ? 'UserCheck' : 'UserX',
      variant: isActive ? 'success' : 'danger',
      appliesTo: (params) => params.isActive !== isActive,
      run: (id, actor, params) =>
        staff.update(id, Object.assign(new UpdateStaffDto(), { version: Number(params.version), isActive }), actor),
      done: isActive ? 'staffEnabled' : 'staffDisabled',
    });
  return {
    entity: Staff,
    navigation: 'system',
    titleProperty: 'name',
    listProperties: ['username', 'name', 'phone', 'email', 'isActive', 'lastLoginAt'],
    showProperties: [
      'username',
      'name',
      'phone',
      'email',
      'roleIds',
      'isActive',
      'mustChangePassword',
      'lastLoginAt',
      'createdAt',
    ],
    editProperties: ['username', 'password', ...FIELDS],
    filterProperties: ['q', 'isActive'],
    properties: {
      q: { type: 'string' },
      password: { type: 'password', isRequired: true },
      roleIds: { reference: 'Role', isArray: true },
    },
    sortable: Object.keys(STAFF_LIST.sortable),
    defaultSort: { sortBy: 'username', direction: 'asc' },
    access: {
      read: 'staff.manage',
      create: 'staff.manage',
      edit: 'staff.manage',
      delete: 'staff.manage',
      search: 'signed-in',
    },
    listQuery: StaffListQuery,
    list: (query) => staff.list(query as StaffListQuery),
    get: (id) => staff.get(id),
    create: { dto: CreateStaffDto, run: (dto) => staff.create(dto as CreateStaffDto) },
    update: { dto: UpdateStaffDto, run: (id, dto, actor) => staff.update(id, dto as UpdateStaffDto, actor) },
    remove: (id, actor) => staff.remove(id, actor),
    params: staffParams,
    refs: (row) => ({ Role: row.roles }),
    actions: {
      // the username never changes and a password is set by its own action
      new: { layout: ['username', 'password', ...FIELDS] },
      edit: { layout: FIELDS },
      resetPassword: formAction('StaffPassword', { permission: 'staff.manage', icon: 'Key' }),
      enable: setActive(true),
      disable: setActive(false),
    },
  };
}

/** The password-reset form of a staff member (Staff → Reset password): the API's reset, nothing shown. */
export function staffPasswordResource(resolve: Resolve): ResourceSpec<StaffDto> {
  const staff = resolve(StaffService);
  return {
    entity: Staff,
    id: 'StaffPassword',
    navigation: 'system',
    hidden: true,
    afterSave: 'Staff',
    titleProperty: 'name',
    listProperties: ['username', 'name'],
    showProperties: ['username', 'name', 'mustChangePassword'],
    editProperties: ['password', 'mustChangePassword'],
    properties: { password: { type: 'password', isRequired: true } },
    sortable: Object.keys(STAFF_LIST.sortable),
    defaultSort: { sortBy: 'username', direction: 'asc' },
    access: { read: 'staff.manage', edit: 'staff.manage' },
    listQuery: StaffListQuery,
    list: (query) => staff.list(query as StaffListQuery),
    get: async (id) => ({ ...(await staff.get(id)), mustChangePassword: true }),
    update: {
      dto: ResetPasswordDto,
      run: async (id, dto) => {
        await staff.resetPassword(id, dto as ResetPasswordDto);
        return staff.get(id);
      },
    },
  };
}

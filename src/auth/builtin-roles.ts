import { ALL_PERMISSIONS, type Permission } from '../common/auth/permissions.js';

/** Navigation entries (the seed's Menu). */
export const BUILTIN_MENUS = [
  { urlName: 'customers', name: 'Customers', nameZh: '客户' },
  { urlName: 'follow-ups', name: 'Follow-ups', nameZh: '跟进记录' },
  { urlName: 'payments', name: 'Payments', nameZh: '缴费记录' },
  { urlName: 'enrollments', name: 'Enrollments', nameZh: '报名' },
  { urlName: 'courses', name: 'Courses', nameZh: '课程' },
  { urlName: 'classes', name: 'Classes', nameZh: '班级' },
  { urlName: 'lessons', name: 'Lessons', nameZh: '上课记录' },
  { urlName: 'feedback', name: 'Service feedback', nameZh: '服务反馈' },
  { urlName: 'reports', name: 'Reports', nameZh: '报表' },
  { urlName: 'staff', name: 'Staff', nameZh: '员工' },
  { urlName: 'roles', name: 'Roles', nameZh: '角色' },
  { urlName: 'audit', name: 'Audit log', nameZh: '审计日志' },
] as const;

type MenuName = (typeof BUILTIN_MENUS)[number]['urlName'];

export interface BuiltinRole {
  code: string;
  name: string;
  description: string;
  permissions: readonly Permission[];
  menus: readonly MenuName[];
}

export const ADMIN_ROLE = 'admin';

/** Created at start-up when missing; editable afterwards (admin always keeps every permission). */
export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  {
    code: ADMIN_ROLE,
    name: 'Administrator 系统管理员',
    description: 'Full rights over all data',
    permissions: ALL_PERMISSIONS,
    menus: BUILTIN_MENUS.map((m) => m.urlName),
  },
  {
    code: 'manager',
    name: 'Manager 校长/主管',
    description: 'Sees everything, approves contracts, reads reports; does not manage accounts',
    permissions: ALL_PERMISSIONS.filter((p) => p !== 'staff.manage' && p !== 'roles.manage'),
    menus: BUILTIN_MENUS.map((m) => m.urlName).filter((m) => m !== 'roles' && m !== 'staff'),
  },
  {
    code: 'consultant',
    name: 'Consultant 课程顾问',
    description: 'Works their own customers: follow-ups, enrollments, payments',
    permissions: [
      'customers.read',
      'customers.write',
      'customers.import',
      'followups.read',
      'followups.write',
      'market.read',
      'payments.read',
      'payments.write',
      'enrollments.read',
      'enrollments.write',
      'teaching.read',
      'teaching.read_all',
      'feedback.read',
      'feedback.write',
    ],
    menus: ['customers', 'follow-ups', 'payments', 'enrollments', 'courses', 'classes', 'feedback'],
  },
  {
    code: 'teacher',
    name: 'Teacher 讲师',
    description: 'Teaches their classes: lessons, attendance and scores',
    permissions: ['teaching.read', 'lessons.write', 'enrollments.read', 'feedback.read'],
    menus: ['courses', 'classes', 'lessons', 'feedback'],
  },
  {
    code: 'service',
    name: 'Service 客服',
    description: 'After-sales service: every customer feedback ticket',
    permissions: [
      'customers.read',
      'customers.read_all',
      'enrollments.read',
      'teaching.read',
      'teaching.read_all',
      'feedback.read',
      'feedback.read_all',
      'feedback.write',
      'feedback.manage',
    ],
    menus: ['customers', 'enrollments', 'classes', 'feedback'],
  },
];

/**
 * Every permission, named `area.action`, with labels. Routes declare one with `@RequirePermission`;
 * roles hold lists of them.
 */
export const PERMISSIONS = {
  'customers.read': { en: 'Read own customers', zh: '查看自己的客户' },
  'customers.read_all': { en: "Read every consultant's customers", zh: '查看全部客户' },
  'customers.write': { en: 'Create and edit customers and contacts', zh: '新增和编辑客户及联系人' },
  'customers.delete': { en: 'Delete and restore customers', zh: '删除和恢复客户' },
  'customers.assign': { en: "Change a customer's consultant", zh: '变更客户的课程顾问' },
  'customers.import': { en: 'Import customers', zh: '导入客户' },
  'tags.manage': { en: 'Manage tags', zh: '管理标签' },
  'followups.read': { en: 'Read follow-ups', zh: '查看跟进记录' },
  'followups.write': { en: 'Record follow-ups', zh: '记录跟进' },
  'followups.manage': { en: "Edit and delete anyone's follow-ups", zh: '编辑和删除任何人的跟进记录' },
  'payments.read': { en: 'Read payments', zh: '查看缴费记录' },
  'payments.write': { en: 'Record payments', zh: '登记缴费' },
  'payments.refund': { en: 'Record refunds', zh: '登记退费' },
  'enrollments.read': { en: 'Read enrollments', zh: '查看报名' },
  'enrollments.write': { en: 'Create enrollments', zh: '办理报名' },
  'enrollments.approve': { en: 'Approve or reject contracts', zh: '审核合同' },
  'teaching.read': { en: 'Read courses, campuses and classes', zh: '查看课程、校区和班级' },
  'teaching.manage': { en: 'Manage courses, campuses and classes', zh: '管理课程、校区和班级' },
  'teaching.read_all': { en: "Read every teacher's classes and lessons", zh: '查看全部班级和上课记录' },
  'lessons.write': { en: 'Record lessons, attendance and scores', zh: '登记上课、考勤和成绩' },
  'feedback.read': { en: 'Read feedback', zh: '查看服务反馈' },
  'feedback.read_all': { en: 'Read all feedback', zh: '查看全部服务反馈' },
  'feedback.write': { en: 'Record and work feedback', zh: '记录和处理服务反馈' },
  'feedback.manage': { en: 'Assign, close and delete feedback', zh: '分派、关闭和删除服务反馈' },
  'market.read': { en: 'Read competitors', zh: '查看竞争对手' },
  'market.write': { en: 'Edit competitors', zh: '编辑竞争对手' },
  'market.spend': { en: 'Read and record channel spend', zh: '查看和登记渠道投放费用' },
  'reports.read': { en: 'Read reports', zh: '查看报表' },
  'reports.export': { en: 'Export and print', zh: '导出和打印' },
  'staff.manage': { en: 'Manage staff accounts', zh: '管理员工账号' },
  'roles.manage': { en: 'Manage roles, permissions and menus', zh: '管理角色、权限和菜单' },
  'audit.read': { en: 'Read the audit log', zh: '查看审计日志' },
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(PERMISSIONS, value);
}

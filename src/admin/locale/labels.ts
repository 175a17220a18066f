import type { NavigationGroup } from '../adapter/resource-spec.js';

/**
 * Every back-office label, once, as [English, 简体中文]. translations.ts turns them (and the code tables'
 * own labels) into AdminJS's translation objects for both languages.
 */
export type Label = readonly [en: string, zh: string];

export const GROUP_LABELS: Record<NavigationGroup, Label> = {
  customers: ['Customers', '客户'],
  sales: ['Sales', '销售'],
  enrollment: ['Enrollment', '报名'],
  teaching: ['Teaching', '教学'],
  feedback: ['Feedback', '服务反馈'],
  system: ['System', '系统'],
};

/** Resource names, by resource id. */
export const RESOURCE_LABELS: Record<string, Label> = {
  Customer: ['Customers', '客户'],
  Contact: ['Contacts', '联系人'],
  Tag: ['Tags', '标签'],
  FollowUp: ['Follow-ups', '跟进记录'],
  Course: ['Courses', '课程'],
  Staff: ['Staff', '员工'],
  StaffPassword: ['Password reset', '重置密码'],
  Role: ['Roles', '角色'],
};

/** Field labels shared by every resource that has the field. */
export const FIELD_LABELS: Record<string, Label> = {
  id: ['ID', 'ID'],
  number: ['Number', '编号'],
  name: ['Name', '姓名'],
  label: ['Customer', '客户'],
  q: ['Search', '搜索'],
  qq: ['QQ', 'QQ'],
  qqName: ['QQ nickname', 'QQ昵称'],
  phone: ['Phone', '电话'],
  wechat: ['WeChat', '微信'],
  email: ['Email', '邮箱'],
  source: ['Source', '来源'],
  referralFrom: ['Referred by (QQ)', '推荐人QQ'],
  status: ['Status', '状态'],
  consultantId: ['Consultant', '课程顾问'],
  consultCourseId: ['Course asked about', '咨询课程'],
  tagIds: ['Tags', '标签'],
  tag: ['Tag', '标签'],
  latestIntention: ['Latest intention', '最新意向'],
  lastFollowUpAt: ['Last follow-up', '最近跟进'],
  content: ['Consultation', '咨询内容'],
  memo: ['Memo', '备注'],
  contacts: ['Contacts', '联系人'],
  customerId: ['Customer', '客户'],
  relation: ['Relation', '关系'],
  deleted: ['Deleted customers', '已删除的客户'],
  username: ['Username', '用户名'],
  isActive: ['Active', '启用'],
  roleIds: ['Roles', '角色'],
  password: ['Password', '密码'],
  mustChangePassword: ['Must change the password at next sign-in', '下次登录须修改密码'],
  intention: ['Intention', '意向'],
  nextFollowUpAt: ['Next follow-up', '下次跟进'],
  code: ['Code', '代码'],
  description: ['Description', '说明'],
  builtIn: ['Built in', '内置'],
  permissions: ['Permissions', '权限'],
  lastLoginAt: ['Last sign-in', '最近登录'],
  periodMonths: ['Months', '学制(月)'],
  lessonCount: ['Lessons', '课时数'],
  outline: ['Outline', '课程大纲'],
  createdAt: ['Created', '创建时间'],
  updatedAt: ['Updated', '更新时间'],
  deletedAt: ['Deleted at', '删除时间'],
};

/** Field labels of one resource, where the shared one does not fit. */
export const RESOURCE_FIELD_LABELS: Record<string, Record<string, Label>> = {
  Customer: { q: ['Search: name, QQ, phone or C-number', '搜索：姓名、QQ、电话或客户编号'] },
  Contact: { q: ['Search: name or phone', '搜索：姓名或电话'] },
  Tag: { name: ['Tag', '标签'], q: ['Search', '搜索'] },
  Course: { name: ['Course', '课程'] },
  Staff: { q: ['Search: username or name', '搜索：用户名或姓名'] },
  StaffPassword: { password: ['New password', '新密码'] },
  FollowUp: {
    content: ['What was said', '跟进内容'],
    createdAt: ['Recorded', '记录时间'],
    q: ['Search: customer name', '搜索：客户姓名'],
  },
  Role: { name: ['Role', '角色'], q: ['Search: code or name', '搜索：代码或名称'] },
};

/** Action names: AdminJS's own (its Chinese wording where it reads oddly) and ours. */
export const ACTION_LABELS: Record<string, Label> = {
  list: ['List', '列表'],
  show: ['Show', '查看'],
  new: ['New', '新建'],
  edit: ['Edit', '编辑'],
  delete: ['Delete', '删除'],
  bulkDelete: ['Delete selected', '批量删除'],
  restore: ['Restore', '恢复'],
  contacts: ['Contacts', '联系人'],
  followUps: ['Follow-ups', '跟进记录'],
  resetPassword: ['Reset password', '重置密码'],
  enable: ['Enable', '启用'],
  disable: ['Disable', '停用'],
};

/** Notices and confirmations of our actions. */
export const MESSAGE_LABELS: Record<string, Label> = {
  invalidCredentials: ['Wrong username or password', '用户名或密码错误'],
  confirmDelete: ['Delete this record?', '确定删除这条记录吗？'],
  customerRestored: ['The customer is restored', '客户已恢复'],
  staffEnabled: ['The account is enabled', '账号已启用'],
  staffDisabled: ['The account is disabled; its sign-ins have ended', '账号已停用，其登录已失效'],
  confirmRestore: ['Restore this customer?', '确定恢复该客户？'],
};

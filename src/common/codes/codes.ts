import { codeTable } from './code-table.js';

// The seed's codes keep their numbers exactly; tables the seed lacks start at 0.

export const CustomerSource = codeTable(
  'customerSource',
  { en: 'Customer source', zh: '客户来源' },
  {
    referral: [0, 'Referral', '转介绍'],
    qqGroup: [1, 'QQ group', 'QQ群'],
    website: [2, 'Official website', '官网'],
    baiduAds: [3, 'Baidu ads', '百度推广'],
    cto51: [4, '51CTO', '51CTO'],
    zhihu: [5, 'Zhihu', '知乎'],
    marketing: [6, 'Marketing', '市场推广'],
  },
);

export const CustomerStatus = codeTable(
  'customerStatus',
  { en: 'Customer status', zh: '客户状态', defaultKey: 'notEnrolled' },
  {
    enrolled: [0, 'Enrolled', '已报名'],
    notEnrolled: [1, 'Not enrolled', '未报名'],
  },
);

export const FollowUpIntention = codeTable(
  'followUpIntention',
  { en: 'Follow-up intention', zh: '跟进意向' },
  {
    withinTwoWeeks: [0, 'Enrol within 2 weeks', '2周内报名'],
    withinMonth: [1, 'Enrol within a month', '1个月内报名'],
    noPlan: [2, 'No plan to enrol soon', '近期无报名计划'],
    enrolledElsewhere: [3, 'Enrolled at another institution', '已在其它机构报名'],
    enrolled: [4, 'Enrolled', '已报名'],
    blacklisted: [5, 'Blacklisted', '已拉黑'],
  },
);

/** Why a customer enrolled at another institution (a follow-up with intention enrolledElsewhere). */
export const LostReason = codeTable(
  'lostReason',
  { en: 'Reason lost to a competitor', zh: '流失原因' },
  {
    price: [0, 'Price', '价格'],
    schedule: [1, 'Schedule', '上课时间'],
    location: [2, 'Location', '地点'],
    teacher: [3, 'Teacher', '师资'],
    other: [9, 'Other', '其他'],
  },
);

export const ContactRelation = codeTable(
  'contactRelation',
  { en: 'Contact relation', zh: '联系人关系', defaultKey: 'other' },
  {
    self: [0, 'Self', '本人'],
    father: [1, 'Father', '父亲'],
    mother: [2, 'Mother', '母亲'],
    guardian: [3, 'Guardian', '监护人'],
    spouse: [4, 'Spouse', '配偶'],
    employer: [5, 'Employer', '单位'],
    other: [9, 'Other', '其他'],
  },
);

export const ClassType = codeTable(
  'classType',
  { en: 'Class type', zh: '班级类型' },
  {
    fullTime: [0, 'In person (full-time)', '面授(脱产)'],
    weekend: [1, 'In person (weekends)', '面授(周末)'],
    online: [2, 'Online', '网络班'],
  },
);

export const Attendance = codeTable(
  'attendance',
  { en: 'Attendance', zh: '出勤', defaultKey: 'present' },
  {
    present: [0, 'Present', '已签到'],
    late: [1, 'Late', '迟到'],
    absent: [2, 'Absent', '缺勤'],
    leftEarly: [3, 'Left early', '早退'],
  },
);

export const Score = codeTable(
  'score',
  { en: 'Score', zh: '成绩', defaultKey: 'na' },
  {
    aPlus: [100, 'A+', 'A+'],
    a: [90, 'A', 'A'],
    bPlus: [85, 'B+', 'B+'],
    b: [80, 'B', 'B'],
    bMinus: [75, 'B-', 'B-'],
    cPlus: [70, 'C+', 'C+'],
    c: [60, 'C', 'C'],
    cMinus: [40, 'C-', 'C-'],
    d: [-50, 'D', 'D'],
    copy: [-100, 'COPY (plagiarised)', 'COPY(抄袭)'],
    na: [0, 'N/A', 'N/A'],
  },
);

export const EnrollmentStatus = codeTable(
  'enrollmentStatus',
  { en: 'Enrollment status', zh: '报名状态', defaultKey: 'pending' },
  {
    pending: [0, 'Pending contract', '待签合同'],
    agreed: [1, 'Contract agreed', '学员已同意合同'],
    approved: [2, 'Approved', '合同已审核'],
    rejected: [3, 'Rejected', '已驳回'],
    cancelled: [4, 'Cancelled', '已取消'],
  },
);

export const PaymentType = codeTable(
  'paymentType',
  { en: 'Payment type', zh: '收支类型', defaultKey: 'payment' },
  {
    payment: [0, 'Payment', '缴费'],
    refund: [1, 'Refund', '退费'],
  },
);

export const PaymentMethod = codeTable(
  'paymentMethod',
  { en: 'Payment method', zh: '支付方式' },
  {
    cash: [0, 'Cash', '现金'],
    bankTransfer: [1, 'Bank transfer', '银行转账'],
    wechatPay: [2, 'WeChat Pay', '微信支付'],
    alipay: [3, 'Alipay', '支付宝'],
    card: [4, 'Bank card', '刷卡'],
    other: [9, 'Other', '其他'],
  },
);

export const FeedbackType = codeTable(
  'feedbackType',
  { en: 'Feedback type', zh: '反馈类型' },
  {
    consultation: [0, 'Consultation', '咨询'],
    complaint: [1, 'Complaint', '投诉'],
    suggestion: [2, 'Suggestion', '建议'],
    afterSales: [3, 'After-sales support', '售后支持'],
    repair: [4, 'Repair', '维修'],
    maintenance: [5, 'Maintenance', '维护'],
    praise: [6, 'Praise', '表扬'],
  },
);

export const FeedbackChannel = codeTable(
  'feedbackChannel',
  { en: 'Feedback channel', zh: '反馈渠道' },
  {
    phone: [0, 'Phone', '电话'],
    wechat: [1, 'WeChat', '微信'],
    qq: [2, 'QQ', 'QQ'],
    email: [3, 'Email', '邮件'],
    inPerson: [4, 'In person', '当面'],
    web: [5, 'Web', '网站'],
  },
);

export const FeedbackPriority = codeTable(
  'feedbackPriority',
  { en: 'Feedback priority', zh: '优先级', defaultKey: 'normal' },
  {
    low: [0, 'Low', '低'],
    normal: [1, 'Normal', '普通'],
    high: [2, 'High', '高'],
    urgent: [3, 'Urgent', '紧急'],
  },
);

export const FeedbackStatus = codeTable(
  'feedbackStatus',
  { en: 'Feedback status', zh: '反馈状态', defaultKey: 'open' },
  {
    open: [0, 'Open', '待处理'],
    inProgress: [1, 'In progress', '处理中'],
    resolved: [2, 'Resolved', '已解决'],
    closed: [3, 'Closed', '已关闭'],
  },
);

export const FeedbackReplyKind = codeTable(
  'feedbackReplyKind',
  { en: 'Reply kind', zh: '回复类型', defaultKey: 'internal' },
  {
    internal: [0, 'Internal note', '内部备注'],
    customer: [1, 'Reply to customer', '回复客户'],
  },
);

/** Every code table, served by `GET /api/v1/codes`. */
export const CODE_TABLES = [
  CustomerSource,
  CustomerStatus,
  FollowUpIntention,
  LostReason,
  ContactRelation,
  ClassType,
  Attendance,
  Score,
  EnrollmentStatus,
  PaymentType,
  PaymentMethod,
  FeedbackType,
  FeedbackChannel,
  FeedbackPriority,
  FeedbackStatus,
  FeedbackReplyKind,
];

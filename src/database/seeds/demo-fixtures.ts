/**
 * The demo dataset's tables: a small Chinese training school (三个校区, 四门课程, 六名员工, 二十四位客户).
 * demo-data.ts turns these into records; everything random there comes from a seeded generator.
 */
import type {
  Attendance,
  ClassType,
  ContactRelation,
  CustomerSource,
  EnrollmentStatus,
  FeedbackChannel,
  FeedbackPriority,
  FeedbackStatus,
  FeedbackType,
  FollowUpIntention,
  PaymentMethod,
  Score,
} from '../../common/codes/codes.js';

type KeyOf<T extends { code: object }> = keyof T['code'];

/** Every demo account signs in with this password. */
export const DEMO_PASSWORD = 'Demo@2026';

/** Seed of the pseudo-random generator: change it for a different (but still repeatable) dataset. */
export const DEMO_RANDOM_SEED = 20260106;

export const BRANCHES = [
  { name: '北京校区', address: '北京市海淀区中关村大街27号中关村大厦8层' },
  { name: '上海校区', address: '上海市浦东新区张江高科技园区碧波路690号3号楼' },
  { name: '深圳校区', address: '深圳市南山区科技园南区粤兴三道9号A座5层' },
] as const;
export type BranchName = (typeof BRANCHES)[number]['name'];

/** Lesson topics in order; a topic with homework gets `[title, content]`. */
type Topic = readonly [outline: string, homework?: readonly [string, string]];

export interface CourseSpec {
  key: string;
  name: string;
  /** fen */
  price: number;
  periodMonths: number;
  lessonCount: number;
  outline: string;
  topics: readonly Topic[];
}

export const COURSES = [
  {
    key: 'python',
    name: 'Python全栈开发',
    price: 1980000,
    periodMonths: 5,
    lessonCount: 100,
    outline: [
      '1. Python基础：语法、数据结构、函数与模块',
      '2. Web前端基础：HTML、CSS、JavaScript',
      '3. Django框架与RESTful接口开发',
      '4. 数据库：MySQL、Redis与ORM',
      '5. 项目实战：教育CRM系统、电商平台；就业指导与模拟面试',
    ].join('\n'),
    topics: [
      ['Python环境搭建与基础语法', ['猜数字小游戏', '用while循环实现猜数字游戏，最多猜5次，每次提示偏大或偏小。']],
      ['数据类型与字符串操作'],
      ['函数、作用域与装饰器', ['计时装饰器', '编写一个记录函数执行时间的装饰器，并用在三个不同的函数上。']],
      ['文件操作与异常处理'],
      [
        '面向对象编程：类、继承与多态',
        ['学生选课系统', '用面向对象方式实现学生选课系统，包含学生、课程、班级三个类。'],
      ],
      ['模块、包与常用标准库', ['日志分析脚本', '统计nginx访问日志中访问量最高的10个IP，并输出到CSV文件。']],
    ],
  },
  {
    key: 'java',
    name: 'Java架构师',
    price: 2280000,
    periodMonths: 6,
    lessonCount: 120,
    outline: [
      '1. JVM原理、并发编程与性能调优',
      '2. Spring Boot、Spring Cloud微服务架构',
      '3. 分布式缓存、消息队列与分布式事务',
      '4. 高并发系统设计：秒杀、限流与熔断',
      '5. 大型项目实战与架构师面试辅导',
    ].join('\n'),
    topics: [
      ['JVM内存模型与垃圾回收', ['GC日志分析', '分析给定的GC日志，指出Full GC频繁的原因并给出调优参数。']],
      ['并发编程：线程池与锁'],
      ['Spring Boot自动配置原理', ['自定义Starter', '实现一个短信发送的Spring Boot Starter，支持配置开关。']],
      ['Spring Cloud服务注册与发现'],
      ['Redis缓存设计：穿透、击穿与雪崩', ['缓存方案设计', '为商品详情页设计缓存方案，说明如何防止缓存击穿。']],
      ['RocketMQ消息队列实战'],
    ],
  },
  {
    key: 'frontend',
    name: '前端开发',
    price: 1580000,
    periodMonths: 4,
    lessonCount: 80,
    outline: [
      '1. HTML5、CSS3与响应式布局',
      '2. JavaScript核心与ES6+',
      '3. Vue 3全家桶与组件化开发',
      '4. TypeScript与前端工程化（Vite、Webpack）',
      '5. 项目实战：后台管理系统与微信小程序',
    ].join('\n'),
    topics: [
      ['HTML5语义化与CSS3弹性布局', ['个人简历页', '用Flex布局完成一个适配手机和电脑的个人简历页面。']],
      ['JavaScript基础与DOM操作', ['待办清单', '用原生JavaScript实现待办清单：新增、完成、删除和本地存储。']],
      ['ES6+新特性与异步编程'],
      ['Vue 3组件化开发', ['商品列表组件', '用Vue 3实现带分页和筛选的商品列表组件。']],
      ['TypeScript入门'],
      ['前端工程化：Vite与Webpack'],
    ],
  },
  {
    key: 'data',
    name: '数据分析',
    price: 1280000,
    periodMonths: 3,
    lessonCount: 60,
    outline: [
      '1. Excel高级函数与数据透视表',
      '2. SQL查询、多表关联与窗口函数',
      '3. Python数据分析：NumPy、Pandas',
      '4. 数据可视化：Matplotlib、ECharts与BI报表',
      '5. 业务分析实战：用户留存、漏斗与A/B测试',
    ].join('\n'),
    topics: [
      ['Excel高级函数与数据透视表', ['销售报表', '用数据透视表按月份和地区汇总销售额，并做同比分析。']],
      ['SQL查询与多表关联'],
      ['Pandas数据清洗', ['订单数据清洗', '清洗给定的订单数据：去重、处理缺失值、统一日期格式。']],
      ['数据可视化：Matplotlib与ECharts'],
      ['统计学基础与A/B测试', ['A/B测试报告', '根据实验数据判断新版落地页的转化率提升是否显著。']],
      ['业务分析实战：电商用户留存'],
    ],
  },
] as const satisfies readonly CourseSpec[];
export type CourseKey = (typeof COURSES)[number]['key'];

export type RoleCode = 'manager' | 'consultant' | 'teacher' | 'service';

export const STAFF = [
  { username: 'chenjing', name: '陈静', role: 'manager', phone: '13801012001' },
  { username: 'lina', name: '李娜', role: 'consultant', phone: '13801012002' },
  { username: 'wangqiang', name: '王强', role: 'consultant', phone: '13801012003' },
  { username: 'zhangwei', name: '张伟', role: 'teacher', phone: '13801012004' },
  { username: 'liuyang', name: '刘洋', role: 'teacher', phone: '13801012005' },
  { username: 'zhaomin', name: '赵敏', role: 'service', phone: '13801012006' },
] as const satisfies readonly { username: string; name: string; role: RoleCode; phone: string }[];
export type Username = (typeof STAFF)[number]['username'];

export const CONSULTANTS: readonly Username[] = ['lina', 'wangqiang'];
export const MANAGER: Username = 'chenjing';
export const SERVICE: Username = 'zhaomin';

/** Class dates are relative to today: started `startDaysAgo`, ends in `endsInDays` (negative: finished). */
export const CLASSES = [
  {
    key: 'py12',
    branch: '北京校区',
    course: 'python',
    type: 'fullTime',
    semester: 12,
    teachers: ['zhangwei'],
    startDaysAgo: 75,
    endsInDays: 75,
    lessons: 6,
  },
  {
    key: 'java8',
    branch: '上海校区',
    course: 'java',
    type: 'weekend',
    semester: 8,
    teachers: ['liuyang'],
    startDaysAgo: 40,
    endsInDays: 140,
    lessons: 4,
  },
  {
    key: 'fe5',
    branch: '深圳校区',
    course: 'frontend',
    type: 'fullTime',
    semester: 5,
    teachers: ['zhangwei', 'liuyang'],
    startDaysAgo: 20,
    endsInDays: 100,
    lessons: 3,
  },
  {
    key: 'da3',
    branch: '北京校区',
    course: 'data',
    type: 'online',
    semester: 3,
    teachers: ['liuyang'],
    startDaysAgo: 30,
    endsInDays: 60,
    lessons: 5,
  },
  {
    key: 'py11',
    branch: '北京校区',
    course: 'python',
    type: 'fullTime',
    semester: 11,
    teachers: ['zhangwei'],
    startDaysAgo: 260,
    endsInDays: -110,
    lessons: 0,
  },
] as const satisfies readonly {
  key: string;
  branch: BranchName;
  course: CourseKey;
  type: KeyOf<typeof ClassType>;
  semester: number;
  teachers: readonly Username[];
  startDaysAgo: number;
  endsInDays: number;
  lessons: number;
}[];
export type ClassKey = (typeof CLASSES)[number]['key'];

export const TAGS = ['在职', '学生', '转行', '高意向', '需回访', '价格敏感'] as const;
export type TagName = (typeof TAGS)[number];

export type Intention = KeyOf<typeof FollowUpIntention>;

export interface CustomerSpec {
  name: string;
  qqName: string;
  source: KeyOf<typeof CustomerSource>;
  /** Index of the referring customer (source referral): their qq becomes referralFrom. */
  referredBy?: number;
  course: CourseKey;
  tags: readonly TagName[];
  content: string;
  memo?: string;
  contacts?: readonly (readonly [KeyOf<typeof ContactRelation>, string])[];
  /** The latest follow-up's intention, for customers without an enrollment. */
  intent?: Intention;
}

/** Consultants take customers in turn (even index: 李娜, odd: 王强). */
export const CUSTOMERS: readonly CustomerSpec[] = [
  {
    name: '王芳',
    qqName: '芳芳',
    source: 'website',
    course: 'python',
    tags: ['在职', '转行'],
    content: '银行柜员三年，想转行做Python开发，关心零基础能否跟上、是否推荐就业。',
  },
  {
    name: '李明',
    qqName: '阿明同学',
    source: 'baiduAds',
    course: 'python',
    tags: ['转行', '高意向'],
    content: '机械专业毕业两年，自学过一点Python，想系统学习Web开发，问能否先试听两节课。',
  },
  {
    name: '张丽',
    qqName: 'Lily',
    source: 'referral',
    referredBy: 0,
    course: 'python',
    tags: ['在职', '价格敏感'],
    content: '王芳的同事，咨询分期付款和老学员推荐优惠，希望晚上或周末能补课。',
    memo: '可申请老学员推荐优惠500元',
  },
  {
    name: '陈晨',
    qqName: '晨曦',
    source: 'zhihu',
    course: 'java',
    tags: ['在职', '高意向'],
    content: '三年Java开发经验，目前在外包公司，想提升微服务和高并发能力，目标跳槽互联网大厂。',
  },
  {
    name: '杨帆',
    qqName: '一帆风顺',
    source: 'cto51',
    course: 'java',
    tags: ['在职'],
    content: '在51CTO看过免费公开课，询问架构师课程的项目实战内容和讲师背景。',
  },
  {
    name: '赵雷',
    qqName: '雷神',
    source: 'qqGroup',
    course: 'frontend',
    tags: ['学生', '高意向'],
    content: '计算机专业大三学生，想在暑期实习前学完前端，父亲陪同来校区咨询。',
    contacts: [
      ['father', '赵建国'],
      ['mother', '孙秀兰'],
    ],
  },
  {
    name: '黄磊',
    qqName: '石头',
    source: 'website',
    course: 'frontend',
    tags: ['转行', '需回访'],
    content: '平面设计师，想转前端开发，对Vue和微信小程序开发比较感兴趣。',
  },
  {
    name: '周婷',
    qqName: '婷婷玉立',
    source: 'marketing',
    course: 'data',
    tags: ['在职'],
    content: '电商运营，每天大量使用Excel，想学SQL和Python做数据分析，只能参加网络班。',
  },
  {
    name: '吴迪',
    qqName: '无敌',
    source: 'website',
    course: 'python',
    tags: ['转行'],
    content: '做了两年销售，想转行当程序员，咨询Python全栈课程的就业率和平均起薪。',
    memo: '第11期优秀学员，可邀请回校做就业分享',
  },
  {
    name: '徐静',
    qqName: '静待花开',
    source: 'baiduAds',
    course: 'python',
    tags: ['学生', '价格敏感'],
    content: '应届毕业生，对比了几家培训机构，关心学费能否分期、是否签就业协议。',
    contacts: [['mother', '何慧']],
  },
  {
    name: '孙浩',
    qqName: 'Howard',
    source: 'zhihu',
    course: 'data',
    tags: ['在职', '高意向'],
    content: '财务分析师，想用Python自动生成报表、做数据可视化，公司可以报销部分学费。',
  },
  {
    name: '马超',
    qqName: '超哥',
    source: 'qqGroup',
    course: 'java',
    tags: ['学生'],
    content: '研二学生，想通过Java课程准备秋招，想了解课程安排是否和学校课程冲突。',
    contacts: [['father', '马国强']],
    intent: 'withinMonth',
  },
  {
    name: '朱琳',
    qqName: '琳琅',
    source: 'website',
    course: 'frontend',
    tags: ['在职', '需回访'],
    content: '在职UI设计师，想学前端开发提升竞争力，工作比较忙，只能周末学习。',
    intent: 'withinMonth',
  },
  {
    name: '胡斌',
    qqName: '斌斌有礼',
    source: 'baiduAds',
    course: 'python',
    tags: ['价格敏感'],
    content: '询问学费后觉得偏贵，想先看网上免费视频自学一段时间。',
    memo: '有优惠活动时再联系',
    intent: 'noPlan',
  },
  {
    name: '郭涛',
    qqName: '涛声依旧',
    source: 'cto51',
    course: 'java',
    tags: ['在职'],
    content: '咨询了课程大纲和价格，和其他两家机构在比较。',
    intent: 'enrolledElsewhere',
  },
  {
    name: '何雪',
    qqName: '雪儿',
    source: 'referral',
    referredBy: 3,
    course: 'data',
    tags: ['在职', '高意向'],
    content: '陈晨的朋友，做市场分析，想系统学习数据分析，最关心SQL和可视化。',
    intent: 'withinTwoWeeks',
  },
  {
    name: '高远',
    qqName: '高高',
    source: 'marketing',
    course: 'frontend',
    tags: ['学生'],
    content: '高中毕业生，家长希望学一门技术，学生本人兴趣一般。',
    contacts: [
      ['father', '高建华'],
      ['mother', '李桂芳'],
    ],
    intent: 'noPlan',
  },
  {
    name: '林峰',
    qqName: '山林之峰',
    source: 'zhihu',
    course: 'python',
    tags: ['转行', '需回访'],
    content: '软件测试工程师，想学Python自动化测试和开发，询问课程是否包含自动化测试内容。',
    intent: 'withinTwoWeeks',
  },
  {
    name: '罗敏',
    qqName: '敏敏',
    source: 'qqGroup',
    course: 'data',
    tags: ['学生', '价格敏感'],
    content: '统计专业大四学生，想补充SQL和Python技能，方便找数据分析岗位。',
    contacts: [['mother', '陈丽']],
    intent: 'withinMonth',
  },
  {
    name: '梁宇',
    qqName: '宇宙',
    source: 'website',
    course: 'java',
    tags: ['转行'],
    content: '多次索要全部课程视频，并在QQ群内发布其他机构广告。',
    memo: '已拉黑，勿再联系',
    intent: 'blacklisted',
  },
  {
    name: '宋佳',
    qqName: '佳佳',
    source: 'baiduAds',
    course: 'frontend',
    tags: ['在职', '高意向'],
    content: '产品经理，想懂前端技术方便和开发沟通，倾向报周末班。',
    intent: 'withinTwoWeeks',
  },
  {
    name: '郑凯',
    qqName: '凯旋',
    source: 'referral',
    referredBy: 4,
    course: 'java',
    tags: ['在职'],
    content: '杨帆的前同事，两年Java开发经验，想学习分布式架构。',
    intent: 'withinMonth',
  },
  {
    name: '谢楠',
    qqName: '南风',
    source: 'marketing',
    course: 'python',
    tags: ['需回访'],
    content: '在线下技术沙龙留的资料，电话两次未接通，已发短信介绍课程。',
    intent: 'noPlan',
  },
  {
    name: '韩梅',
    qqName: '梅子',
    source: 'website',
    course: 'data',
    tags: ['在职', '需回访'],
    content: '人力资源专员，想学数据分析做人才报表，预算有限，希望有优惠。',
    intent: 'withinMonth',
  },
];

/** `[customer index, class, status]`; approved enrollments are paid and make the customer enrolled. */
export const ENROLLMENTS: readonly (readonly [number, ClassKey, KeyOf<typeof EnrollmentStatus>])[] = [
  [0, 'py12', 'approved'],
  [1, 'py12', 'approved'],
  [2, 'py12', 'agreed'],
  [3, 'java8', 'approved'],
  [4, 'java8', 'approved'],
  [5, 'fe5', 'approved'],
  [6, 'fe5', 'agreed'],
  [7, 'da3', 'approved'],
  [8, 'py11', 'approved'],
  [9, 'py12', 'pending'],
  [10, 'da3', 'pending'],
];
/** Pays a deposit (fen) first and the balance a month later. */
export const DEPOSIT_PAYERS: ReadonlyMap<number, number> = new Map([[3, 300000]]);
/** `[customer index, amount in fen, days ago, memo]`: a partial refund after the complaint in FEEDBACK. */
export const REFUND = [7, 100000, 8, '直播故障补偿，退还部分学费'] as const;

/** The contract every enrollment of a course starts from. */
export function contractTemplate(course: CourseSpec): string {
  const yuan = String(course.price / 100).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return [
    `《${course.name}》培训服务合同`,
    '甲方：易学教育科技有限公司　乙方：学员（以报名表信息为准）',
    `一、培训内容：甲方为乙方提供《${course.name}》课程培训，学制${course.periodMonths}个月，共${course.lessonCount}课时。`,
    `二、培训费用：人民币${yuan}元，乙方应在合同审核通过后7日内缴清，可分两期支付。`,
    '三、退费：开课前可全额退费；开课后按未上课时比例退费；课程进度超过三分之一后不予退费。',
    '四、乙方应遵守校区管理规定，不得录制、传播课程视频和资料。',
    '五、本合同自乙方同意并经甲方审核通过后生效。',
  ].join('\n');
}

export const MOBILE_PREFIXES = ['138', '139', '135', '136', '150', '151', '158', '186', '187', '188', '177', '199'];

export const PAYMENT_METHODS: readonly KeyOf<typeof PaymentMethod>[] = ['wechatPay', 'alipay', 'bankTransfer', 'card'];

type Weights<K> = readonly (readonly [K, number])[];

/** Each student's attendance at a lesson is drawn with these weights. */
export const ATTENDANCE_WEIGHTS: Weights<KeyOf<typeof Attendance>> = [
  ['present', 78],
  ['late', 10],
  ['absent', 7],
  ['leftEarly', 5],
];

/** Marked homework scores, drawn with these weights. */
export const SCORE_WEIGHTS: Weights<KeyOf<typeof Score>> = [
  ['aPlus', 2],
  ['a', 4],
  ['bPlus', 4],
  ['b', 3],
  ['bMinus', 2],
  ['cPlus', 1],
  ['c', 1],
  ['copy', 0.3],
];

/** Study-record memos for the unusual cases. */
export const STUDY_MEMOS = {
  late: ['迟到约15分钟', '地铁故障，迟到半小时'],
  absent: ['请假：公司加班', '请假：身体不适', '未请假，已电话联系'],
  leftEarly: ['有事提前离开，已补看录播'],
  copy: ['作业与他人雷同，已提醒'],
} as const;

/** Follow-up texts by intention; `{course}` becomes the course name. */
export const FOLLOW_UP_TEXTS: Record<Intention, readonly string[]> = {
  withinTwoWeeks: [
    '电话沟通了{course}的课程安排和就业服务，客户比较满意，表示两周内来校区签约。',
    '客户到校区试听了一节{course}，对讲师评价很好，正在和家人商量学费，预计下周确定。',
    '已把{course}报名表和合同模板发给客户，客户说看完合同就报名。',
  ],
  withinMonth: [
    '微信发送了{course}课程大纲和往期学员就业名单，客户说月底发完年终奖再考虑。',
    '客户想先把手头项目做完，一个月内再决定是否报{course}，约好下月初再联系。',
    '回答了客户关于{course}上课时间和补课方式的问题，客户还在对比其他机构。',
  ],
  noPlan: [
    '电话回访，客户表示最近工作忙，暂时没有报名计划。',
    '客户觉得{course}学费偏高，近期不考虑，已告知后续优惠活动会通知。',
    '电话未接通，发短信介绍了{course}的开班时间。',
  ],
  enrolledElsewhere: ['客户已在其他机构报名，感谢关注，保留联系方式，后续可推荐进阶课程。'],
  enrolled: [
    '客户已完成报名并缴费，已拉入班级群，提醒开课前安装好开发环境。',
    '合同审核通过，学费已确认到账，已通知班主任发送开课须知。',
  ],
  blacklisted: ['客户多次索要付费资料并在群内发广告，经主管同意拉黑，不再跟进。'],
};

export interface FeedbackSpec {
  customer: number;
  /** Links the ticket to the customer's enrollment in this class, when they have one. */
  classKey?: ClassKey;
  type: KeyOf<typeof FeedbackType>;
  channel: KeyOf<typeof FeedbackChannel>;
  priority: KeyOf<typeof FeedbackPriority>;
  status: KeyOf<typeof FeedbackStatus>;
  daysAgo: number;
  title: string;
  content: string;
  resolution?: string;
  satisfaction?: readonly [number, string];
  /** `[kind, content]` replies written by the service agent, oldest first. */
  replies?: readonly (readonly ['internal' | 'customer', string])[];
}

export const FEEDBACK: readonly FeedbackSpec[] = [
  {
    customer: 3,
    classKey: 'java8',
    type: 'complaint',
    channel: 'phone',
    priority: 'high',
    status: 'inProgress',
    daysAgo: 3,
    title: '周末班调课通知太晚',
    content: '上周六的课临时调到周日，前一天晚上才在群里通知，已经安排好的事情只能取消，希望以后调课至少提前三天通知。',
    replies: [
      ['internal', '已与上海校区教务确认：讲师临时出差导致调课，已要求教务今后提前三天通知。'],
      [
        'customer',
        '陈同学您好，非常抱歉给您带来不便。本次调课是讲师临时出差所致，今后调课会至少提前三天通知，本周三晚为您安排了补课答疑。',
      ],
    ],
  },
  {
    customer: 10,
    type: 'consultation',
    channel: 'wechat',
    priority: 'normal',
    status: 'open',
    daysAgo: 1,
    title: '培训费能否开具增值税专用发票',
    content: '公司可以报销部分培训费用，想确认能否开具增值税专用发票，抬头为公司名称。',
  },
  {
    customer: 5,
    classKey: 'fe5',
    type: 'suggestion',
    channel: 'qq',
    priority: 'low',
    status: 'resolved',
    daysAgo: 12,
    title: '希望延长录播回放有效期',
    content: '课程录播目前只能回看30天，复习时间不够，建议延长到结课后半年。',
    resolution: '已与教研部门确认，自本期起录播回放有效期延长至结课后6个月。',
  },
  {
    customer: 7,
    classKey: 'da3',
    type: 'afterSales',
    channel: 'email',
    priority: 'urgent',
    status: 'closed',
    daysAgo: 10,
    title: '网络班直播卡顿无法正常观看',
    content: '最近两次直播课画面频繁卡顿、声音断断续续，换了网络也一样，已经影响学习进度。',
    resolution: '排查为直播平台华东节点故障，已切换备用线路，补发两节课的高清录播，并退还部分学费作为补偿。',
    satisfaction: [4, '处理很及时，希望以后不要再出现类似问题。'],
    replies: [['customer', '周同学您好，已确认是直播平台节点故障，今晚起切换备用线路，缺失的两节课会补发高清录播。']],
  },
  {
    customer: 8,
    classKey: 'py11',
    type: 'praise',
    channel: 'inPerson',
    priority: 'normal',
    status: 'closed',
    daysAgo: 100,
    title: '感谢张伟老师的耐心辅导',
    content: '第11期结业了，张伟老师讲课深入浅出，项目阶段每天答疑到很晚，我已经拿到offer，特地来校区表示感谢。',
    resolution: '已转达张伟老师，并在教研月会上通报表扬。',
    satisfaction: [5, '老师和班主任都很负责，会推荐朋友来学。'],
  },
];

import type { Type } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';
import type { Permission } from '../../common/auth/permissions.js';
import { FeedbackStatus } from '../../common/codes/codes.js';
import { today } from '../../common/time/school-time.js';
import { AppConfig } from '../../config/app-config.js';
import { CustomerListService } from '../../customers/customer-list.service.js';
import { CustomerListQuery } from '../../customers/dto/customer.dto.js';
import { EnrollmentListQuery } from '../../enrollment/dto/enrollment.dto.js';
import { EnrollmentsService } from '../../enrollment/enrollments.service.js';
import { FeedbackListQuery } from '../../feedback/dto/feedback.dto.js';
import { FeedbackService } from '../../feedback/feedback.service.js';
import { EnrollmentStatus } from '../../common/codes/codes.js';
import {
  FollowUpReportQuery,
  FunnelReportQuery,
  SalesReportQuery,
  ServiceReportQuery,
} from '../../reports/dto/report-query.dto.js';
import { FollowUpReportService } from '../../reports/follow-up-report.service.js';
import { FunnelReportService } from '../../reports/funnel-report.service.js';
import { SalesReportService } from '../../reports/sales-report.service.js';
import { ServiceReportService } from '../../reports/service-report.service.js';
import type { Resolve } from '../adapter/resource-spec.js';
import { ADMIN_ROOT } from '../back-office.js';
import type { DashboardChart, DashboardData, DashboardTile } from './dashboard.dto.js';
import { monthStart, monthsBack, weekStart } from './school-days.js';

/** How many months the charts cover, this one included. */
export const CHART_MONTHS = 6;

const listHref = (resourceId: string, filters: Record<string, string>) =>
  `${ADMIN_ROOT}/resources/${resourceId}?${new URLSearchParams(
    Object.entries(filters).map(([key, value]): [string, string] => [`filters.${key}`, value]),
  )}`;

const month = (key: string) => ({ en: key, zh: key });
const onePage = <T extends object>(query: T): T => Object.assign(query, { pageSize: 1 });

/**
 * The figures of the back office's start page for one staff member: each comes from the service the matching
 * list or report uses, with the staff member as the actor, so it is within their record scope and equals what
 * the linked list shows. A figure needs the permission of the list behind it (no revenue without
 * payments.read); its query runs only then.
 */
export class DashboardService {
  private readonly config: AppConfig;

  constructor(private readonly resolve: Resolve) {
    this.config = resolve(AppConfig as Type<AppConfig>); // abstract: the config's token
  }

  async figures(actor: Actor, now = new Date()): Promise<DashboardData> {
    const timeZone = this.config.reportTimezone;
    const day = today(timeZone, now);
    const can = (permission: Permission) => actor.can(permission);
    const sections = await Promise.all([
      can('customers.read') ? this.customers(actor, day) : empty,
      can('followups.read') ? this.followUps(actor, day, now) : empty,
      can('enrollments.read') ? this.enrollments(actor) : empty,
      can('payments.read') ? this.revenue(actor, day) : empty,
      can('feedback.read') ? this.feedback(actor, day, now) : empty,
    ]);
    return {
      today: day,
      timeZone,
      tiles: sections.flatMap((section) => section.tiles),
      charts: sections.flatMap((section) => section.charts),
    };
  }

  private async customers(actor: Actor, day: string): Promise<Section> {
    const from = weekStart(day);
    const [thisWeek, funnel] = await Promise.all([
      this.resolve(CustomerListService).list(
        onePage(Object.assign(new CustomerListQuery(), { createdFrom: from })),
        actor,
      ),
      this.resolve(FunnelReportService).report(this.range(FunnelReportQuery, day), actor),
    ]);
    return {
      tiles: [
        {
          key: 'newCustomersThisWeek',
          value: thisWeek.meta.total,
          unit: 'count',
          href: listHref('Customer', { 'createdAt~~from': from }),
        },
      ],
      charts: [
        {
          key: 'customersByMonth',
          unit: 'count',
          labels: funnel.byMonth.map((row) => month(row.month)),
          series: [
            { key: 'newCustomers', values: funnel.byMonth.map((row) => row.newCustomers) },
            { key: 'enrolled', values: funnel.byMonth.map((row) => row.enrolled) },
          ],
        },
      ],
    };
  }

  private async followUps(actor: Actor, day: string, now: Date): Promise<Section> {
    const query = Object.assign(new FollowUpReportQuery(), { from: day, to: day });
    const { totals } = await this.resolve(FollowUpReportService).report(query, actor, now);
    const href = actor.can('reports.read') ? `${ADMIN_ROOT}/pages/reports?report=follow-ups` : undefined;
    return {
      tiles: [
        { key: 'followUpsDueToday', value: totals.dueToday, unit: 'count', href },
        { key: 'followUpsOverdue', value: totals.overdue, unit: 'count', href, alert: true },
      ],
      charts: [],
    };
  }

  private async enrollments(actor: Actor): Promise<Section> {
    const agreed = Number(EnrollmentStatus.code.agreed);
    const page = await this.resolve(EnrollmentsService).list(
      onePage(Object.assign(new EnrollmentListQuery(), { status: agreed })),
      actor,
    );
    const tile: DashboardTile = {
      key: 'enrollmentsAwaitingApproval',
      value: page.meta.total,
      unit: 'count',
      href: listHref('Enrollment', { status: 'agreed' }),
    };
    return { tiles: [tile], charts: [] };
  }

  private async revenue(actor: Actor, day: string): Promise<Section> {
    const sales = this.resolve(SalesReportService);
    const [thisMonth, byMonth] = await Promise.all([
      sales.report(Object.assign(new SalesReportQuery(), { from: monthStart(day), to: day }), actor),
      sales.report(this.range(SalesReportQuery, day), actor),
    ]);
    return {
      tiles: [
        {
          key: 'revenueThisMonth',
          value: thisMonth.totals.net,
          unit: 'fen',
          href: listHref('Payment', { 'paidAt~~from': monthStart(day) }),
        },
      ],
      charts: [
        {
          key: 'revenueByMonth',
          unit: 'fen',
          labels: byMonth.byMonth.map((row) => month(row.month)),
          series: [{ key: 'net', values: byMonth.byMonth.map((row) => row.net) }],
        },
      ],
    };
  }

  private async feedback(actor: Actor, day: string, now: Date): Promise<Section> {
    const tickets = this.resolve(FeedbackService);
    const total = async (filters: Partial<FeedbackListQuery>) =>
      (await tickets.list(onePage(Object.assign(new FeedbackListQuery(), filters)), actor)).meta.total;
    const [open, inProgress, overdue, service] = await Promise.all([
      total({ status: Number(FeedbackStatus.code.open) }),
      total({ status: Number(FeedbackStatus.code.inProgress) }),
      total({ overdue: true }),
      this.resolve(ServiceReportService).report(this.range(ServiceReportQuery, day), actor, now),
    ]);
    return {
      tiles: [
        { key: 'feedbackOpen', value: open, unit: 'count', href: listHref('Feedback', { status: 'open' }) },
        {
          key: 'feedbackInProgress',
          value: inProgress,
          unit: 'count',
          href: listHref('Feedback', { status: 'inProgress' }),
        },
        {
          key: 'feedbackOverdue',
          value: overdue,
          unit: 'count',
          href: listHref('Feedback', { overdue: 'true' }),
          alert: true,
        },
      ],
      charts: [
        {
          key: 'feedbackByStatus',
          unit: 'count',
          labels: service.byStatus.map((row) => ({ en: row.status.en, zh: row.status.zh })),
          series: [{ key: 'tickets', values: service.byStatus.map((row) => row.tickets) }],
        },
      ],
    };
  }

  /** The charts' range: the last CHART_MONTHS calendar months up to today. */
  private range<T extends { from?: string; to?: string }>(type: new () => T, day: string): T {
    return Object.assign(new type(), { from: monthsBack(day, CHART_MONTHS), to: day });
  }
}

interface Section {
  tiles: DashboardTile[];
  charts: DashboardChart[];
}

const empty: Section = { tiles: [], charts: [] };

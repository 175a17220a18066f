/** What the dashboard handler answers (GET /admin/api/dashboard); the React component reads the same shape. */

export type TileKey =
  | 'newCustomersThisWeek'
  | 'followUpsDueToday'
  | 'followUpsOverdue'
  | 'enrollmentsAwaitingApproval'
  | 'revenueThisMonth'
  | 'feedbackOpen'
  | 'feedbackInProgress'
  | 'feedbackOverdue';

export interface DashboardTile {
  key: TileKey;
  value: number;
  /** `fen`: money in integer fen, shown in yuan. */
  unit: 'count' | 'fen';
  /** The list behind the figure, filtered to it. */
  href?: string;
  /** Shown in the danger colour when the value is not zero (overdue work). */
  alert?: boolean;
}

export type ChartKey = 'customersByMonth' | 'revenueByMonth' | 'feedbackByStatus';

/** A bar chart: one label per bar group, one or more series. */
export interface DashboardChart {
  key: ChartKey;
  unit: 'count' | 'fen';
  /** Months ('2026-03') or code labels. */
  labels: { en: string; zh: string }[];
  series: { key: string; values: number[] }[];
}

export interface DashboardData {
  /** Today in the school's time zone. */
  today: string;
  timeZone: string;
  tiles: DashboardTile[];
  charts: DashboardChart[];
}

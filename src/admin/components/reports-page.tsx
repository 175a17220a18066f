import React, { useEffect, useState } from 'react';
import { ApiClient, useTranslation } from 'adminjs';
import { Box, Button, H2, H3, Input, Label, Loader, MessageBox, Text } from '@adminjs/design-system';
import { useLocation } from 'react-router';
import { BarChart } from './bar-chart.tsx';
import { formatValue, langOf, type Lang } from './format.ts';
import { LineChart } from './line-chart.tsx';
import { ReportTable, showCell } from './report-table.tsx';
import { REPORT_VIEWS, valueAt, type ChartView, type ReportView } from './report-views.ts';

const api = new ApiClient();
const REPORTS = Object.keys(REPORT_VIEWS);
const DOWNLOADS = '/admin/downloads';

interface PageData {
  report: string;
  data: Record<string, unknown> & { period: { from: string; to: string; timeZone: string } };
  canExport: boolean;
}

type T = (key: string, options?: Record<string, unknown>) => string;

/** The reports page: choose a report and a range; its figures as tables and charts, and downloads. */
export default function ReportsPage() {
  const { translateComponent, i18n } = useTranslation();
  const t: T = (key, options) => translateComponent(`ReportsPage.${key}`, options);
  const lang = langOf(i18n.language);
  const location = useLocation();
  const initial = new URLSearchParams(location.search).get('report');
  const [report, setReport] = useState(initial && REPORTS.includes(initial) ? initial : REPORTS[0]);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [page, setPage] = useState<PageData>();
  const [problem, setProblem] = useState<string>();
  const [loading, setLoading] = useState(false);

  const load = (name = report) => {
    setLoading(true);
    setProblem(undefined);
    const params: Record<string, string> = { report: name };
    if (from) params.from = from;
    if (to) params.to = to;
    api.getPage<PageData>({ pageName: 'reports', params }).then(
      (response) => {
        setPage(response.data);
        setLoading(false);
      },
      (error: { response?: { data?: { detail?: string } } }) => {
        setPage(undefined);
        setProblem(error.response?.data?.detail ?? '');
        setLoading(false);
      },
    );
  };
  useEffect(() => load(), []); // once, on opening the page

  const choose = (name: string) => {
    setReport(name);
    load(name);
  };

  return (
    <Box variant="grey" data-testid="reports-page">
      <H2>{t('title')}</H2>
      <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 8 }} mb="lg">
        {REPORTS.map((name) => (
          <Button
            key={name}
            size="sm"
            variant={name === report ? 'contained' : 'outlined'}
            onClick={() => choose(name)}
            data-testid={`report-${name}`}
          >
            {t(`reports.${name}`)}
          </Button>
        ))}
      </Box>
      <Box flex flexDirection="row" flexWrap="wrap" alignItems="flex-end" style={{ gap: 16 }} mb="lg">
        <Box>
          <Label htmlFor="report-from">{t('from')}</Label>
          <Input
            id="report-from"
            type="date"
            value={from}
            onChange={(e: { target: { value: string } }) => setFrom(e.target.value)}
          />
        </Box>
        <Box>
          <Label htmlFor="report-to">{t('to')}</Label>
          <Input
            id="report-to"
            type="date"
            value={to}
            onChange={(e: { target: { value: string } }) => setTo(e.target.value)}
          />
        </Box>
        <Button variant="contained" onClick={() => load()} data-testid="report-show">
          {t('show')}
        </Button>
        {page?.canExport && !loading && <Downloads page={page} t={t} lang={lang} />}
      </Box>
      {problem !== undefined && (
        <MessageBox variant="danger" message={`${t('failed')}${problem ? `: ${problem}` : ''}`} />
      )}
      {loading && <Loader />}
      {page && !loading && <Report page={page} view={REPORT_VIEWS[page.report]} t={t} lang={lang} />}
    </Box>
  );
}

/** Files for staff with reports.export: the report as shown (its period) and the customer list. */
function Downloads({ page, t, lang }: { page: PageData; t: T; lang: Lang }) {
  const { from, to } = page.data.period;
  const report = (format: string) =>
    `${DOWNLOADS}/reports/${page.report}?${new URLSearchParams({ format, lang, from, to })}`;
  const customers = (format: string) => `${DOWNLOADS}/customers?${new URLSearchParams({ format, lang })}`;
  const links: [string, string, string][] = [
    ['report-csv', report('csv'), t('reportCsv')],
    ['report-xlsx', report('xlsx'), t('reportXlsx')],
    ['report-pdf', report('pdf'), t('print')],
    ['customers-csv', customers('csv'), t('customersCsv')],
    ['customers-xlsx', customers('xlsx'), t('customersXlsx')],
  ];
  return (
    <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 8 }}>
      {links.map(([id, href, label]) => (
        <Button key={id} as="a" href={href} variant="outlined" size="sm" data-testid={`download-${id}`}>
          {label}
        </Button>
      ))}
    </Box>
  );
}

function Report({ page, view, t, lang }: { page: PageData; view: ReportView; t: T; lang: Lang }) {
  const { data } = page;
  const rowsOf = (path: string) => (valueAt(data, path) as unknown[] | undefined) ?? [];
  const heading = (key: string) => t(`columns.${key}`);
  return (
    <Box data-testid={`report-${page.report}-view`}>
      <Text variant="sm" mb="lg">
        {t('period', data.period)}
      </Text>
      <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 16 }} mb="xl">
        {view.totals.map((column) => (
          <Box key={column.key} variant="card" p="lg" style={{ minWidth: 160 }}>
            <Text variant="sm" color="grey60">
              {heading(column.key)}
            </Text>
            <H3 mb="none">{showCell(data, column, lang)}</H3>
          </Box>
        ))}
      </Box>
      <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 16 }} mb="xl">
        {view.charts.map((chart) => (
          <ReportChart
            key={chart.section}
            chart={chart}
            rows={rowsOf(view.sections.find((s) => s.key === chart.section)!.rows)}
            t={t}
            lang={lang}
          />
        ))}
      </Box>
      {view.sections.map((section) => (
        <Box key={section.key} variant="card" p="lg" mb="lg" style={{ overflowX: 'auto' }}>
          <H3>{t(`sections.${section.key}`)}</H3>
          <ReportTable
            rows={rowsOf(section.rows)}
            columns={section.columns}
            heading={heading}
            empty={t('empty')}
            lang={lang}
          />
        </Box>
      ))}
    </Box>
  );
}

function ReportChart({ chart, rows, t, lang }: { chart: ChartView; rows: unknown[]; t: T; lang: Lang }) {
  if (!rows.length) return null;
  const title = t(`sections.${chart.section}`);
  const props = {
    title,
    labels: rows.map((row) => showCell(row, chart.label, lang)),
    series: chart.values.map((key) => ({
      name: t(`columns.${key}`),
      values: rows.map((row) => Number(valueAt(row, key) ?? 0)),
    })),
    format: (value: number) => formatValue(value, chart.unit, lang),
  };
  return (
    <Box variant="card" p="lg" flexGrow={1} style={{ flexBasis: 420, maxWidth: 720 }}>
      <H3>{title}</H3>
      {chart.type === 'line' ? <LineChart {...props} /> : <BarChart {...props} />}
    </Box>
  );
}

import React, { useEffect, useState } from 'react';
import { ApiClient, useTranslation } from 'adminjs';
import { Box, H2, H3, Link, Loader, MessageBox, Text } from '@adminjs/design-system';
import type { DashboardChart, DashboardData, DashboardTile } from '../dashboard/dashboard.dto.ts';
import { BarChart } from './bar-chart.tsx';
import { formatCount, formatYuan, langOf, type Lang } from './format.ts';
import { LineChart } from './line-chart.tsx';

const api = new ApiClient();

/** The back office's start page: the signed-in staff member's figures (dashboard.service.ts) and charts. */
export default function Dashboard() {
  const { translateComponent, i18n } = useTranslation();
  const t = (key: string, options?: Record<string, unknown>) => translateComponent(`Dashboard.${key}`, options);
  const lang = langOf(i18n.language);
  const [data, setData] = useState<DashboardData>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    api.getDashboard<DashboardData>().then(
      (response) => setData(response.data),
      () => setFailed(true),
    );
  }, []);

  return (
    <Box variant="grey" data-testid="dashboard">
      <Box flex flexDirection="row" justifyContent="space-between" alignItems="baseline" mb="lg">
        <H2 mb="none">{t('title')}</H2>
        {data && <Text variant="sm">{t('today', { day: data.today })}</Text>}
      </Box>
      {failed && <MessageBox variant="danger" message={t('loadFailed')} />}
      {!data && !failed && <Loader />}
      {data && !data.tiles.length && <MessageBox message={t('nothing')} />}
      {data && (
        <>
          <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 16 }} mb="xl">
            {data.tiles.map((tile) => (
              <Tile key={tile.key} tile={tile} label={t(`tiles.${tile.key}`)} lang={lang} />
            ))}
          </Box>
          <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 16 }}>
            {data.charts.map((chart) => (
              <ChartCard key={chart.key} chart={chart} t={t} lang={lang} />
            ))}
          </Box>
        </>
      )}
    </Box>
  );
}

function Tile({ tile, label, lang }: { tile: DashboardTile; label: string; lang: Lang }) {
  const value = tile.unit === 'fen' ? formatYuan(tile.value, lang, true) : formatCount(tile.value, lang);
  const colour = tile.alert && tile.value > 0 ? '#C20012' : '#0C1E29';
  const body = (
    <Box variant="card" p="lg" style={{ minWidth: 200, height: '100%' }} data-testid={`tile-${tile.key}`}>
      <Text variant="sm" color="grey60" mb="sm">
        {label}
      </Text>
      <H2 mb="none" style={{ color: colour }}>
        {value}
      </H2>
    </Box>
  );
  return (
    <Box flexGrow={1} style={{ flexBasis: 200 }}>
      {tile.href ? (
        <Link href={tile.href} style={{ textDecoration: 'none', display: 'block', height: '100%' }}>
          {body}
        </Link>
      ) : (
        body
      )}
    </Box>
  );
}

type T = (key: string, options?: Record<string, unknown>) => string;

function ChartCard({ chart, t, lang }: { chart: DashboardChart; t: T; lang: Lang }) {
  const labels = chart.labels.map((label) => label[lang]);
  const series = chart.series.map((s) => ({ name: t(`series.${s.key}`), values: s.values }));
  const format = (value: number) => (chart.unit === 'fen' ? formatYuan(value, lang, true) : formatCount(value, lang));
  const title = t(`charts.${chart.key}`);
  const Chart = chart.unit === 'fen' ? LineChart : BarChart;
  return (
    <Box
      variant="card"
      p="lg"
      flexGrow={1}
      style={{ flexBasis: 420, maxWidth: 720 }}
      data-testid={`chart-${chart.key}`}
    >
      <H3>{title}</H3>
      <Chart labels={labels} series={series} format={format} title={title} />
    </Box>
  );
}

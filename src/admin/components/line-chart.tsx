import React from 'react';
import { Box } from '@adminjs/design-system';
import { CHART_COLOURS, Legend, type ChartSeries } from './bar-chart.tsx';

export interface LineChartProps {
  labels: string[];
  series: ChartSeries[];
  format: (value: number) => string;
  title: string;
}

const WIDTH = 560;
const HEIGHT = 220;
const PAD = { top: 20, right: 40, bottom: 28, left: 40 };

/** A line chart in plain SVG (e.g. money by month; values may be negative after refunds). */
export function LineChart({ labels, series, format, title }: LineChartProps) {
  const values = series.flatMap((s) => s.values);
  const max = Math.max(1, ...values);
  const min = Math.min(0, ...values);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (labels.length < 2 ? plotWidth / 2 : (i * plotWidth) / (labels.length - 1));
  const y = (value: number) => PAD.top + ((max - value) / (max - min)) * plotHeight;
  return (
    <Box>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={title}>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} stroke="#C0C0CA" />
        {series.map((s, j) => {
          const colour = CHART_COLOURS[j % CHART_COLOURS.length];
          return (
            <g key={s.name}>
              <polyline
                fill="none"
                stroke={colour}
                strokeWidth={2}
                strokeDasharray={j ? '6 4' : undefined} // later series dashed: equal values stay visible
                points={s.values.map((value, i) => `${x(i)},${y(value)}`).join(' ')}
              />
              {s.values.map((value, i) => (
                <g key={i}>
                  <circle cx={x(i)} cy={y(value)} r={3.5} fill={colour}>
                    <title>{`${labels[i]}: ${format(value)}`}</title>
                  </circle>
                  <text x={x(i)} y={y(value) - 8} fontSize={10} textAnchor="middle" fill="#454655">
                    {value ? format(value) : ''}
                  </text>
                </g>
              ))}
            </g>
          );
        })}
        {labels.map((label, i) => (
          <text key={label + i} x={x(i)} y={HEIGHT - 8} fontSize={11} textAnchor="middle" fill="#454655">
            {label}
          </text>
        ))}
      </svg>
      <Legend names={series.map((s) => s.name)} />
    </Box>
  );
}

import React from 'react';
import { Box, Text } from '@adminjs/design-system';

export interface ChartSeries {
  name: string;
  values: number[];
}

export interface BarChartProps {
  labels: string[];
  series: ChartSeries[];
  format: (value: number) => string;
  /** Accessible name of the chart. */
  title: string;
}

export const CHART_COLOURS = ['#3040D6', '#16A34A', '#F59E0B', '#DC2626', '#7C3AED', '#0891B2'];

const WIDTH = 560;
const HEIGHT = 220;
const PAD = { top: 18, right: 8, bottom: 28, left: 8 };

/** A grouped bar chart in plain SVG: one group of bars per label, one bar per series, values above the bars. */
export function BarChart({ labels, series, format, title }: BarChartProps) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const group = plotWidth / Math.max(1, labels.length);
  const bar = Math.min(36, (group * 0.75) / Math.max(1, series.length));
  const baseline = PAD.top + plotHeight;
  return (
    <Box>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-label={title}>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={baseline} y2={baseline} stroke="#C0C0CA" />
        {labels.map((label, i) => {
          const groupX = PAD.left + i * group + (group - bar * series.length) / 2;
          return (
            <g key={label + i}>
              {series.map((s, j) => {
                const value = s.values[i] ?? 0;
                const height = (Math.max(0, value) / max) * plotHeight;
                const x = groupX + j * bar;
                return (
                  <g key={s.name}>
                    <rect
                      x={x + 1}
                      y={baseline - height}
                      width={bar - 2}
                      height={height}
                      fill={CHART_COLOURS[j % CHART_COLOURS.length]}
                      rx={2}
                    >
                      <title>{`${s.name} · ${label}: ${format(value)}`}</title>
                    </rect>
                    <text x={x + bar / 2} y={baseline - height - 4} fontSize={10} textAnchor="middle" fill="#454655">
                      {value ? format(value) : ''}
                    </text>
                  </g>
                );
              })}
              <text
                x={PAD.left + i * group + group / 2}
                y={HEIGHT - 8}
                fontSize={11}
                textAnchor="middle"
                fill="#454655"
              >
                {label}
              </text>
            </g>
          );
        })}
      </svg>
      <Legend names={series.map((s) => s.name)} />
    </Box>
  );
}

/** The series' colours and names under a chart (nothing for a single series: the title names it). */
export function Legend({ names }: { names: string[] }) {
  if (names.length < 2) return null;
  return (
    <Box flex flexDirection="row" style={{ gap: 16 }} mt="sm">
      {names.map((name, i) => (
        <Box key={name} flex flexDirection="row" alignItems="center" style={{ gap: 6 }}>
          <span
            style={{ width: 12, height: 12, borderRadius: 2, background: CHART_COLOURS[i % CHART_COLOURS.length] }}
          />
          <Text variant="sm">{name}</Text>
        </Box>
      ))}
    </Box>
  );
}

/** Money is integer fen (1/100 CNY) everywhere; this formats it for people: ¥1,234.50. */
export const yuan = (fen: number) =>
  `${fen < 0 ? '-' : ''}¥${(Math.abs(fen) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

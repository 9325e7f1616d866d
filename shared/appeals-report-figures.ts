/**
 * The appeals report's numbers as people read them — on /reports, in the CSV and the XLSX alike
 * (issue 17): days to an answer to 0.1, a year-on-year change in percent to 0.1. No zod (the client
 * imports it).
 */
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** average days to an answer, to 0.1; null stays null (nothing answered) */
export const daysShown = (days: number | null) => round1(days);

/** a change of 0.253 (a ratio) as 25.3 (%); null (no year N−1 to compare with) stays null */
export const changePercent = (change: number | null) => round1(change === null ? null : change * 100);

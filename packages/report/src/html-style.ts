/** The report page's whole stylesheet: light, system fonts only (no file or URL is ever fetched). */
export const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f8fafc;color:#0f172a;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1000px;margin:0 auto;padding:24px 16px 48px}
h1{font-size:22px;margin:0 0 4px;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
h2{font-size:16px;margin:28px 0 8px}
.verdict{font-size:13px;font-weight:700;padding:3px 10px;border-radius:4px;color:#fff}
.pass{background:#15803d}.fail{background:#b91c1c}.unknown{background:#a16207}.interrupted{background:#6d28d9}
.muted{color:#64748b}
.desc{margin:4px 0;max-width:80ch}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:8px;margin-top:16px}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:8px 12px}
.card b{display:block;font-size:20px}
.card.bad b{color:#b91c1c}
.coverage.bad{color:#b91c1c}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e2e8f0}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e2e8f0;vertical-align:top}
th{background:#f1f5f9;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.tag{font-size:12px;font-weight:600;padding:1px 6px;border-radius:3px;color:#fff}
.critical{background:#7f1d1d}.major{background:#c2410c}.minor{background:#64748b}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:12px;margin-bottom:4px}
.legend i{display:inline-block;width:14px;height:3px;margin-right:5px;vertical-align:middle}
.legend i.win,.legend i.bars{height:10px}
.legend i.win{background:#fecaca}
.legend i.dots{width:8px;height:8px;border-radius:50%}
.chart{width:100%;height:auto;background:#fff;border:1px solid #e2e8f0;border-radius:6px}
.chart .line{fill:none;stroke-width:1.8;stroke-linejoin:round}
.chart .grid{stroke:#e2e8f0}
.chart .bars{fill-opacity:.55}
.chart .fault{fill:#ef4444;fill-opacity:.16}
.chart .tail{fill:#ef4444;fill-opacity:.06}
.chart text{font-size:11px;fill:#475569}
.chart .ytick{text-anchor:end}
.chart .xtick{text-anchor:middle}
.chart .ptitle{font-weight:600;fill:#0f172a}
.chart .flabel{fill:#991b1b;font-weight:600}
.bar{background:#e2e8f0;border-radius:3px;height:10px;min-width:120px}
.bar span{display:block;height:10px;border-radius:3px;background:#2563eb}
code{font-size:12px}
footer{margin-top:32px;font-size:12px;color:#64748b}
`;

// The page around the charts of an ECharts report: one self-contained HTML
// file, readable offline, with Apache ECharts inline.  Shared by the demo's
// visual report (report_html.js) and the charts of the growth curves
// (test/bench/curves/charts_html.js).
//
// Any script error is written to <body data-errors>, so that a headless
// browser's --dump-dom shows it; each chart is a <div class="chart"> whose
// id and data-chart are the chart's id.
'use strict';

const escapeHtml = s => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');

// title: the page's heading; intro: a paragraph of HTML; sections: [{ id,
// title, wide }] in the page's order, two to a row unless wide; data: the
// value of window.DATA; draw: a function run in the page once DATA is set;
// echarts: the source of echarts.min.js; chartHeight: in pixels.
function echartsPage({ title, intro, sections, data, draw, echarts, chartHeight }) {
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: sans-serif; margin: 2em; color: #222; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 2em; }
.chart { height: ${chartHeight}px; }
.wide { grid-column: 1 / -1; }
h2 { font-size: 1em; font-weight: 600; }
</style>
<script>window.addEventListener('error', e => {
    document.body.dataset.errors = (document.body.dataset.errors || '') + e.message + '; ';
});</script>
<script>${echarts.replace(/<\/script/gi, '<\\/script')}</script>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>${intro}</p>
<div class="grid">
${sections.map(s => `<section${s.wide ? ' class="wide"' : ''}><h2>${escapeHtml(s.title)}</h2><div class="chart" id="${s.id}" data-chart="${s.id}"></div></section>`).join('\n')}
</div>
<script>window.DATA = ${JSON.stringify(data).replace(/</g, '\\u003c')};
(${draw.toString()})();</script>
</body></html>
`;
}

module.exports = { echartsPage, escapeHtml };

// The demo's visual report: one self-contained HTML file, readable
// offline, from the JSON of examples/demo/charts.sql and Apache ECharts
// (installed from npm at run time by examples/demo.sh, embedded inline).
//
//   node report_html.js charts.json echarts.min.js report.html
//
// Each chart is drawn as SVG; when ECharts reports it finished, its element
// gets data-rendered="true" and the number of SVG shapes in data-shapes, so
// that a headless browser's --dump-dom shows whether every chart drew
// (test/suites/demo.sh); the page around them is echarts_page.js's.
'use strict';
const fs = require('fs');
const { echartsPage, escapeHtml } = require('./echarts_page.js');

const [dataPath, echartsPath, outPath] = process.argv.slice(2);
if (!outPath) {
    console.error('usage: node report_html.js charts.json echarts.min.js report.html');
    process.exit(2);
}
const data = JSON.parse(fs.readFileSync(dataPath, 'utf8'));
const echarts = fs.readFileSync(echartsPath, 'utf8');

const charts = [
    ['nps_trend', 'Weekly NPS, its 95% interval, and control limits from the first quarter (3 standard errors)'],
    ['refund_times', 'Refund completion time per path, hours (5th, 25th, 50th, 75th, 95th percentiles)'],
    ['quadrant', 'Key drivers: importance (share of R², relative weights) against performance (mean 1-5)'],
    ['sla', 'SLA met in business hours per team, %'],
    ['pareto', 'Complaints (tickets rated 1-2 of 5) by topic: Pareto'],
    ['funnel', 'Ticket stages: the tickets that reached each stage (funnel_agg)'],
];

// The browser-side code: one ECharts option per chart, from window.DATA.
function drawAll() {
    const D = window.DATA;
    const options = {
        nps_trend: {
            tooltip: { trigger: 'axis' },
            legend: { top: 0, data: ['NPS', '95% interval', 'centre', 'control limits'] },
            xAxis: { type: 'category', data: D.nps_trend.map(w => w.week) },
            yAxis: { type: 'value', name: 'NPS' },
            series: [
                { name: 'lower', type: 'line', stack: 'ci', stackStrategy: 'all', symbol: 'none', lineStyle: { opacity: 0 },
                  data: D.nps_trend.map(w => w.lower) },
                { name: '95% interval', type: 'line', stack: 'ci', stackStrategy: 'all', symbol: 'none', lineStyle: { opacity: 0 },
                  areaStyle: { color: '#9ecae1', opacity: 0.5 }, data: D.nps_trend.map(w => w.upper - w.lower) },
                { name: 'NPS', type: 'line', color: '#08519c', data: D.nps_trend.map(w => w.nps) },
                { name: 'centre', type: 'line', symbol: 'none', color: '#555', lineStyle: { type: 'dashed' },
                  data: D.nps_trend.map(w => w.centre) },
                { name: 'control limits', type: 'line', symbol: 'none', color: '#d62728', lineStyle: { type: 'dotted' },
                  data: D.nps_trend.map(w => w.ucl) },
                { name: 'control limits', type: 'line', symbol: 'none', color: '#d62728', lineStyle: { type: 'dotted' },
                  data: D.nps_trend.map(w => w.lcl) },
            ],
        },
        refund_times: {
            tooltip: {},
            xAxis: { type: 'category', data: D.refund_times.map(p => 'path ' + p.path) },
            yAxis: { type: 'log', name: 'hours' },
            series: [{ type: 'boxplot', data: D.refund_times.map(p => p.hours) }],
        },
        quadrant: {
            tooltip: { formatter: p => p.data[2] + ': ' + p.data[3] },
            xAxis: { type: 'value', name: 'performance', scale: true },
            yAxis: { type: 'value', name: 'share of R², %' },
            series: [{
                type: 'scatter', symbolSize: 14,
                data: D.quadrant.map(d => [d.performance, d.share, d.dimension, d.quadrant]),
                label: { show: true, formatter: p => p.data[2], position: 'right' },
                markLine: { silent: true, lineStyle: { type: 'dashed' }, symbol: 'none',
                            data: [{ xAxis: mean(D.quadrant.map(d => d.performance)) },
                                   { yAxis: mean(D.quadrant.map(d => d.share)) }] },
            }],
        },
        sla: {
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            xAxis: { type: 'category', data: D.sla.map(t => t.team) },
            yAxis: { type: 'value', max: 100, name: '%' },
            series: ['first_reply', 'next_reply', 'resolution'].map(k => ({
                name: k.replace('_', ' '), type: 'bar', data: D.sla.map(t => t[k]) })),
        },
        pareto: {
            tooltip: { trigger: 'axis' },
            xAxis: { type: 'category', data: D.pareto.map(t => t.topic) },
            yAxis: [{ type: 'value', name: 'complaints' }, { type: 'value', name: 'cumulative %', max: 100 }],
            series: [{ type: 'bar', data: D.pareto.map(t => t.complaints) },
                     { type: 'line', yAxisIndex: 1, data: D.pareto.map(t => t.cumulative_pct) }],
        },
        funnel: {
            tooltip: {},
            series: [{ type: 'funnel', sort: 'none', left: '15%', width: '70%', min: 0,
                       max: Math.max(...D.funnel.map(s => s.tickets)),
                       label: { position: 'inside', color: '#000', formatter: p => p.name + ': ' + p.value },
                       data: D.funnel.map(s => ({ name: s.stage, value: s.tickets })) }],
        },
    };
    function mean(xs) { return xs.reduce((a, b) => a + b, 0) / xs.length; }
    for (const el of document.querySelectorAll('[data-chart]')) {
        const chart = echarts.init(el, null, { renderer: 'svg' });
        chart.on('finished', () => {
            el.dataset.shapes = el.querySelectorAll('svg path, svg rect, svg text').length;
            el.dataset.rendered = 'true';
        });
        chart.setOption(Object.assign({ animation: false }, options[el.dataset.chart]));
    }
}

fs.writeFileSync(outPath, echartsPage({
    title: 'svcquality demo report',
    intro: `The demo CRM (size ${escapeHtml(data.size)}), generated by examples/demo/generate.sql and read
from its daily rollups by examples/demo/charts.sql.`,
    sections: charts.map(([id, title]) => ({ id, title })),
    data,
    draw: drawAll,
    echarts,
    chartHeight: 380,
}));

// Charts of the growth curves (test/bench/curves.sh) and of the paired rounds
// of the parallel target (test/bench/parallel.sh) for docs/performance.md:
// one self-contained HTML file drawn with Apache ECharts, the approach of the
// demo's visual report (examples/demo/report_html.js).
//
//   node charts_html.js echarts.min.js charts.html run1.csv [run2.csv ...]
//
// Each CSV is a run of either script (told apart by its header).  Given the
// curves of several runs, each point of each run is a dot and the line joins
// the medians of the runs, so the chart shows how far the runs agree, as the
// tables' ranges do.  The paired rounds of all the CSVs given are pooled, as
// paired.py pools them, into one box per family and number of workers.  A
// curve missing from the CSVs leaves its chart out; CHARTS (a comma-separated
// list of the ids below) keeps only some.  As in the demo's report, whose
// page (examples/demo/echarts_page.js) this one shares, a chart that
// finished drawing gets data-rendered="true" and its number of SVG shapes in
// data-shapes, for a headless browser's --dump-dom (test/bench/charts.sh).
'use strict';
const fs = require('fs');
const path = require('path');
const { echartsPage, escapeHtml } = require(path.join(__dirname, '../../../examples/demo/echarts_page.js'));

const [echartsPath, outPath, ...csvPaths] = process.argv.slice(2);
if (csvPaths.length === 0) {
    console.error('usage: node charts_html.js echarts.min.js charts.html run1.csv [run2.csv ...]');
    process.exit(2);
}

// The CSVs of curves.sh and parallel.sh: a field holds a comma only inside
// quotes (curves.sh's aggregate call), and none holds a quote.
function splitCsvLine(line) {
    const fields = [];
    let field = '', quoted = false;
    for (const ch of line) {
        if (ch === '"')
            quoted = !quoted;
        else if (ch === ',' && !quoted) {
            fields.push(field);
            field = '';
        } else
            field += ch;
    }
    fields.push(field);
    return fields;
}

function readCsv(path) {
    const [header, ...lines] = fs.readFileSync(path, 'utf8').trim().split('\n');
    const names = splitCsvLine(header);
    return lines.map(line => {
        const fields = splitCsvLine(line);
        if (fields.length !== names.length)
            throw new Error(`${path}: a line with ${fields.length} fields, the header has ${names.length}: ${line}`);
        return Object.fromEntries(names.map((n, i) => [n, fields[i]]));
    });
}
const tables = csvPaths.map(readCsv);
const isPaired = t => t.length > 0 && 'round' in t[0];
const runs = tables.filter(t => !isPaired(t));
const pairedRuns = tables.filter(isPaired);

function median(xs) {
    const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// The p-quantile of sorted values, interpolated between the nearest two.
function quantile(sorted, p) {
    const at = p * (sorted.length - 1), lo = Math.floor(at), hi = Math.ceil(at);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

// Per family and workers (a run of parallel.sh has one number of workers),
// the ratio of each round (a round of one run):
// (aggregate serial / aggregate parallel) / (floor serial / floor parallel),
// as test/bench/curves/paired.py computes it; the box gives the 5th, 25th,
// 50th, 75th and 95th percentiles of the rounds' ratios, in the order the
// families first appear in the runs.
function pairedBoxes() {
    const times = new Map();
    pairedRuns.forEach((run, i) => {
        const maxWorkers = new Map();
        for (const r of run)
            maxWorkers.set(r.family, Math.max(maxWorkers.get(r.family) || 0, Number(r.workers)));
        for (const r of run) {
            const w = maxWorkers.get(r.family);
            const key = `${r.family} (${w} worker${w === 1 ? '' : 's'})`;
            const round = `${i}/${r.round}`;
            if (!times.has(key))
                times.set(key, { workers: w, rounds: new Map() });
            const rounds = times.get(key).rounds;
            if (!rounds.has(round))
                rounds.set(round, {});
            const ms = Number(r.ms);
            if (!(ms > 0 && Number.isFinite(ms)))
                throw new Error(`a paired round with time '${r.ms}': ${JSON.stringify(r)}`);
            rounds.get(round)[`${Number(r.workers) === 0 ? 'serial' : 'parallel'} ${r.query}`] = ms;
        }
    });
    return [...times].map(([name, { workers, rounds }]) => {
        const ratios = [...rounds.values()]
            .filter(t => ['serial agg', 'parallel agg', 'serial floor', 'parallel floor'].every(k => k in t))
            .map(t => (t['serial agg'] / t['parallel agg']) / (t['serial floor'] / t['parallel floor']))
            .sort((a, b) => a - b);
        // the median as paired.py takes it, to the last bit
        const box = [quantile(ratios, 0.05), quantile(ratios, 0.25), median(ratios),
                     quantile(ratios, 0.75), quantile(ratios, 0.95)];
        return { name, workers, rounds: ratios.length, box };
    }).filter(b => b.rounds > 0);
}
// a chart of paired rounds holds the boxes of one number of workers
const allPairedBoxes = pairedBoxes();
const pairedBoxesOf = workers =>
    allPairedBoxes.filter(b => b.workers === workers).map(({ name, rounds, box }) => ({ name, rounds, box }));

// One series of a chart: per family (and input), the points [x, y] of every
// run and the medians over the runs that measured each x (the groups curve's
// memory and disk are measured only without CURVES_MEMORY=0).
function curve(curveName, query, xOf, yOf, seriesOf = r => r.family) {
    const series = new Map();
    runs.forEach((run, i) => {
        for (const r of run) {
            if (r.curve !== curveName || r.query !== query)
                continue;
            const y = yOf(r);
            if (y === null || !Number.isFinite(y))
                continue;
            const name = seriesOf(r), x = xOf(r);
            if (!series.has(name))
                series.set(name, new Map());
            const byX = series.get(name);
            if (!byX.has(x))
                byX.set(x, new Map());
            byX.get(x).set(i, y);
        }
    });
    return [...series].map(([name, byX]) => ({
        name,
        runs: [...byX].flatMap(([x, ys]) => [...ys.values()].map(y => [x, y])),
        median: [...byX].map(([x, ys]) => [x, median([...ys.values()])]).sort((a, b) => a[0] - b[0]),
    }));
}

const num = v => (v === '' || v === '-' || v === undefined ? null : Number(v));
// the rows of the workers and groups curves (CURVES_GROUP_ROWS), for the titles
const rowsOf = name => {
    const sizes = [...new Set(runs.flat().filter(r => r.curve === name).map(r => Number(r.rows)))];
    return sizes.map(n => n.toLocaleString('en-US')).join(' or ');
};
// k is a signed hash, so GROUP BY k % g makes 2g - 1 groups: the axis is g
const groupsAxis = 'g of GROUP BY k % g (2g - 1 groups)';
const charts = [
    ['rows_ratio', 'Rows, one group, serial: time of the aggregate / time of count() of the same column',
     'rows', 'log', 'ratio', 'value', curve('rows', 'aggregate', r => num(r.rows), r => num(r.ratio_to_floor))],
    ['rows_ns', 'Rows, one group, serial: nanoseconds a row (the aggregate)',
     'rows', 'log', 'ns a row', 'value', curve('rows', 'aggregate', r => num(r.rows), r => (num(r.median_ms) === null ? null : num(r.median_ms) * 1e6 / num(r.rows)))],
    ['workers', `Parallel workers, ${rowsOf('workers')} rows: the aggregate's speed-up / count()'s (target: 0.95 and above)`,
     'workers', 'value', 'ratio', 'value', curve('workers', 'aggregate', r => num(r.workers), r => num(r.speedup_vs_floor))],
    ['groups_ratio', `Groups over ${rowsOf('groups')} rows, serial: time of the aggregate / time of count()`,
     groupsAxis, 'log', 'ratio', 'value', curve('groups', 'aggregate', r => num(r.groups), r => num(r.ratio_to_floor))],
    ['groups_disk', `Groups over ${rowsOf('groups')} rows: disk used by the hash aggregation's spill, MB`,
     groupsAxis, 'log', 'MB', 'value', curve('groups', 'aggregate', r => num(r.groups), r => (num(r.disk_kb) === null ? null : num(r.disk_kb) / 1024))],
    ['state', 'State size of one group, bytes, over the first n rows (dashed: the worst case)',
     'rows', 'log', 'bytes', 'log', curve('state', 'state', r => num(r.rows), r => num(r.state_bytes),
                                          r => (r.input === 'typical' ? r.family : r.family + ' (worst)'))],
    ...[2, 1].map(w => [`paired_${w}`, `Paired rounds with ${w} worker${w === 1 ? '' : 's'}, ratio of speed-ups per round: 5th, 25th, 50th, 75th, 95th percentiles (target: 0.95 and above)`,
                        '', 'category', 'ratio', 'value', pairedBoxesOf(w)]),
].filter(c => c[6].length > 0 && (!process.env.CHARTS || process.env.CHARTS.split(',').includes(c[0])));
if (charts.length === 0) {
    console.error(`no curve in ${csvPaths.join(', ')}`);
    process.exit(1);
}

// The browser-side code: one ECharts option per chart, from window.DATA.
function drawAll() {
    const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2',
                     '#7f7f7f', '#bcbd22', '#17becf'];
    const families = [...new Set(window.DATA.flatMap(c => c.series.map(s => s.name.replace(/ \(worst\)$/, ''))))];
    const color = name => palette[families.indexOf(name.replace(/ \(worst\)$/, '')) % palette.length];
    for (const c of window.DATA) {
        const el = document.getElementById(c.id);
        const chart = echarts.init(el, null, { renderer: 'svg' });
        chart.on('finished', () => {
            el.dataset.shapes = el.querySelectorAll('svg path, svg rect, svg text').length;
            el.dataset.rendered = 'true';
        });
        if (c.boxes) {
            chart.setOption({
                animation: false,
                tooltip: { trigger: 'item' },
                grid: { top: 30, left: 60, right: 30, bottom: 60 },
                // a family's name broken after each '_', so that 16 fit side by side
                xAxis: { type: 'category', axisLabel: { interval: 0, fontSize: 11, lineHeight: 14 },
                         data: c.series.map(b => b.name.replace(/ \(.*/, '').replace(/_/g, '_\n') +
                                                 '\n' + b.rounds + ' rounds') },
                yAxis: { type: 'value', name: c.yName, scale: true },
                series: [{ type: 'boxplot', data: c.series.map(b => b.box),
                           markLine: { silent: true, symbol: 'none', lineStyle: { color: '#d62728', type: 'dashed' },
                                       data: [{ yAxis: 0.95 }, { yAxis: 1 }] } }],
            });
            continue;
        }
        const series = c.series.flatMap(s => [
            { name: s.name, type: 'line', data: s.median, color: color(s.name), symbol: 'none',
              lineStyle: { type: s.name.endsWith('(worst)') ? 'dashed' : 'solid', width: 2 } },
            { name: s.name, type: 'scatter', data: s.runs, color: color(s.name), symbolSize: 5,
              itemStyle: { opacity: 0.6 } },
        ]);
        if (c.id === 'workers')
            series.push({ type: 'line', data: [], markLine: { silent: true, symbol: 'none',
                lineStyle: { color: '#444', type: 'dotted' }, data: [{ yAxis: 0.95 }, { yAxis: 1 }] } });
        chart.setOption({
            animation: false,
            tooltip: { trigger: 'item' },
            legend: { type: 'plain', top: 0, data: c.series.map(s => s.name), textStyle: { fontSize: 11 } },
            grid: { top: 70, left: 20, right: 40, bottom: 40, containLabel: true },
            xAxis: Object.assign({ type: c.xType, name: c.xName, nameLocation: 'middle', nameGap: 25 },
                                 c.xType === 'value' ? { minInterval: 1 } : { logBase: 10 }),
            yAxis: { type: c.yType, name: c.yName, scale: c.yType === 'value' },
            series,
        });
    }
}

// boxes: a chart of the paired rounds, a row of its own
const payload = charts.map(([id, title, xName, xType, yName, yType, series]) =>
    ({ id, title, xName, xType, yName, yType, series, boxes: id.startsWith('paired_') }));
fs.writeFileSync(outPath, echartsPage({
    title: 'svcquality growth curves',
    intro: `${runs.length} run(s) of test/bench/curves.sh, ${pairedRuns.length} of test/bench/parallel.sh:
${escapeHtml(csvPaths.map(p => p.split('/').pop()).join(', '))}. Curves: a dot for each run, the line joins the medians of the runs.`,
    sections: payload.map(c => ({ id: c.id, title: c.title, wide: c.boxes })),
    data: payload,
    draw: drawAll,
    echarts: fs.readFileSync(echartsPath, 'utf8'),
    chartHeight: 420,
}));

// Inline page script for index.html (inlined by html.ts; classic script, no modules or fetch,
// so the file works from file:// and offline). It only renders: the numbers are formatted
// in TypeScript (summary.ts) and arrive in the #summary block; raw results are in #data.
(function () {
  'use strict';

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  // Build elements with textContent only, never innerHTML: every string here comes from
  // run records (error messages, names) and must not be interpreted as markup.
  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        var v = props[k];
        if (v === undefined || v === null) return;
        if (k === 'text') node.textContent = v;
        else if (k === 'className') node.className = v;
        else if (k === 'colour') node.style.backgroundColor = v;
        else node.setAttribute(k, v);
      });
    }
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  function kvList(pairs) {
    var dl = el('dl', { className: 'kv' });
    pairs.forEach(function (p) {
      dl.appendChild(el('dt', { text: p[0] }));
      dl.appendChild(el('dd', { text: String(p[1]) }));
    });
    return dl;
  }

  function statusClass(text) {
    if (text === 'ok') return 'status-ok';
    if (text === 'failed') return 'status-failed';
    return 'status-partial';
  }

  function renderHeader(data, summary) {
    var nOk = data.runs.filter(function (r) { return r.status === 'ok'; }).length;
    var nFailed = data.runs.length - nOk;
    var section = el('header', null, [
      el('h1', { text: data.experiment.name }),
      el('p', { className: 'subtitle', text: 'mambabench sweep report' }),
    ]);
    var experiment = el('div', null, [
      el('h3', { text: 'Experiment' }),
      kvList([
        ['File', data.experiment.file],
        ['Date', summary.period],
        ['Runs', data.runs.length + ' (' + nOk + ' ok, ' + nFailed + ' failed)'],
      ]),
    ]);
    var envPairs = Object.keys(data.environment).map(function (k) { return [k, data.environment[k]]; });
    var environment = el('div', null, [
      el('h3', { text: 'Environment' }),
      envPairs.length ? kvList(envPairs) : el('p', { className: 'empty', text: 'not recorded' }),
    ]);
    section.appendChild(el('div', { className: 'meta' }, [experiment, environment]));
    summary.datasets.forEach(function (ds) { section.appendChild(renderDataset(ds)); });
    if (summary.failures.length) {
      section.appendChild(el('p', {
        className: 'callout',
        text: summary.failures.length + ' run(s) failed; their errors are listed in the table below.',
      }));
    }
    return section;
  }

  function renderDataset(ds) {
    var head = el('tr', null, [el('th', { text: 'Split' })].concat(
      ds.classes.map(function (c) { return el('th', { className: 'num', text: 'class ' + c }); }),
      [el('th', { className: 'num', text: 'total' })]));
    var body = el('tbody', null, ds.splits.map(function (split, i) {
      var row = ds.counts[i];
      var total = row.reduce(function (a, b) { return a + (b || 0); }, 0);
      return el('tr', null, [el('td', { text: split })].concat(
        row.map(function (n) { return el('td', { className: 'num', text: n === null ? '—' : String(n) }); }),
        [el('td', { className: 'num', text: String(total) })]));
    }));
    return el('div', null, [
      el('h3', { text: 'Dataset' }),
      kvList([['Name', ds.name], ['Fingerprint', ds.fingerprint]]),
      el('div', { className: 'table-wrap' }, [el('table', { className: 'counts' }, [el('thead', null, [head]), body])]),
    ]);
  }

  function renderTable(columns, rows, caption) {
    var statusIdx = columns.findIndex(function (c) { return c.key === 'status'; });
    var head = el('tr', null, columns.map(function (c) {
      return el('th', { className: c.numeric ? 'num' : null, title: c.title, scope: 'col', text: c.label });
    }));
    var body = el('tbody');
    rows.forEach(function (row) {
      var tr = el('tr', { 'data-variant': row.variant });
      row.cells.forEach(function (cell, i) {
        var col = columns[i];
        var content = cell.best ? el('strong', { text: cell.text }) : cell.text;
        var td = el('td', { className: col.numeric ? 'num' : null, title: cell.title }, [content]);
        if (col.key === 'variant') {
          td.className = 'variant';
          td.insertBefore(el('span', { className: 'swatch', colour: row.colour }), td.firstChild);
        }
        if (col.key === 'run_id') td.className = 'mono run-id';
        if (i === statusIdx) td.className = statusClass(cell.text);
        tr.appendChild(td);
      });
      body.appendChild(tr);
      row.failures.forEach(function (f) {
        body.appendChild(el('tr', { className: 'failure' }, [
          el('td', { colspan: String(columns.length) }, [
            el('span', { text: 'seed ' + f.seed + ' failed (' }),
            el('code', { text: f.run_id }),
            el('span', { text: '): ' }),
            el('span', { className: 'error mono', text: f.error }),
          ]),
        ]));
      });
    });
    return el('div', { className: 'table-wrap' }, [
      el('table', { className: 'results' }, [el('caption', { text: caption }), el('thead', null, [head]), body]),
    ]);
  }

  function renderResults(summary) {
    var section = el('section', null, [el('h2', { text: 'Results' })]);
    if (!summary.rows.length) {
      section.appendChild(el('p', { className: 'empty', text: 'No runs yet.' }));
      return section;
    }
    section.appendChild(renderTable(summary.columns, summary.rows,
      'One row per variant. With several seeds: mean ± sample standard deviation over the successful seeds ' +
      '(count in "Seeds"). Test accuracy is taken at the best-validation epoch. Best accuracy per column in bold.'));
    section.appendChild(el('details', null, [
      el('summary', { text: 'All runs (' + summary.runRows.length + ')' }),
      renderTable(summary.runColumns, summary.runRows, 'One row per run, unaveraged.'),
    ]));
    return section;
  }

  // One line per run and split: colour = variant, dashed = train, solid = validation.
  function curveDatasets(data, summary, trainKey, valKey, scale) {
    var sets = [];
    data.runs.forEach(function (run, i) {
      if (!run.curves || !run.curves.length) return;
      var colour = summary.runColours[i];
      var name = run.variant + ' s' + run.seed + (run.status === 'ok' ? '' : ' (failed)');
      [[trainKey, 'train', [6, 4]], [valKey, 'valid', []]].forEach(function (spec) {
        sets.push({
          label: name + ' ' + spec[1],
          // A diverged epoch (NaN loss) arrives as null in JSON: leave a gap rather than plot 0.
          data: run.curves.map(function (e) {
            var v = e[spec[0]];
            return { x: e.epoch, y: typeof v === 'number' ? v * scale : null };
          }),
          borderColor: colour,
          backgroundColor: colour,
          borderDash: spec[2],
          borderWidth: 2,
          pointRadius: run.curves.length > 40 ? 0 : 2,
          tension: 0,
        });
      });
    });
    return sets;
  }

  function lineChart(canvas, title, yLabel, datasets) {
    return new Chart(canvas, {
      type: 'line',
      data: { datasets: datasets },
      options: {
        animation: false, // charts must be complete for print and screenshots
        responsive: true,
        maintainAspectRatio: false,
        parsing: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        plugins: {
          title: { display: true, text: title, font: { size: 14 } },
          legend: { position: 'bottom', labels: { boxWidth: 28, boxHeight: 2 } },
        },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { precision: 0 } },
          y: { title: { display: true, text: yLabel } },
        },
      },
    });
  }

  function renderCurves(data, summary) {
    var section = el('section', null, [el('h2', { text: 'Learning curves' })]);
    var loss = curveDatasets(data, summary, 'train_loss', 'val_loss', 1);
    if (!loss.length) {
      section.appendChild(el('p', { className: 'empty', text: 'No per-epoch curves recorded.' }));
      return { section: section, draw: function () { return []; } };
    }
    var acc = curveDatasets(data, summary, 'train_acc', 'val_acc', 100);
    var lossCanvas = el('canvas', { 'aria-label': 'Loss per epoch', role: 'img' });
    var accCanvas = el('canvas', { 'aria-label': 'Accuracy per epoch', role: 'img' });
    section.appendChild(el('p', { className: 'subtitle', text: 'Colour = variant; dashed = train, solid = validation.' }));
    section.appendChild(el('div', { className: 'charts' }, [
      el('div', { className: 'chart' }, [lossCanvas]),
      el('div', { className: 'chart' }, [accCanvas]),
    ]));
    return {
      section: section,
      // Charts are drawn after insertion so Chart.js can measure their containers.
      draw: function () {
        if (typeof Chart === 'undefined') {
          section.appendChild(el('p', { className: 'callout', text: 'Chart.js failed to load; charts unavailable.' }));
          return [];
        }
        return [
          lineChart(lossCanvas, 'Loss per epoch', 'loss', loss),
          lineChart(accCanvas, 'Accuracy per epoch', 'accuracy (%)', acc),
        ];
      },
    };
  }

  function renderSpec(data) {
    return el('section', null, [
      el('details', null, [
        el('summary', { text: 'Experiment spec' }),
        el('pre', { text: JSON.stringify(data.experiment.spec, null, 2) }),
      ]),
    ]);
  }

  var data = readJson('data');
  var summary = readJson('summary');
  var app = document.getElementById('app');
  var curves = renderCurves(data, summary);
  app.appendChild(renderHeader(data, summary));
  app.appendChild(renderResults(summary));
  app.appendChild(curves.section);
  app.appendChild(renderSpec(data));
  app.appendChild(el('footer', { text: 'Self-contained report: data, charts (Chart.js) and styles are embedded; no network access.' }));
  var charts = curves.draw();

  // Printed pages should show everything: open collapsed sections and refit charts to paper width.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
    charts.forEach(function (c) { c.resize(); });
  });
  window.addEventListener('afterprint', function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();

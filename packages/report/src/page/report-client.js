// Inline page script for index.html (inlined by html.ts after page/chart-kit.js; classic
// script, no modules or fetch, so the file works from file:// and offline). It only renders:
// numbers are computed and formatted in TypeScript (summary.ts) and arrive in the #summary
// block; raw results (without per-example predictions) are in #data.
(function () {
  'use strict';

  var PAGE_SIZE = 50;

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

  // ---- Tables: sortable (click a header), filterable (text box), paginated -----------------
  // Rows are built lazily and cached, and only one page is in the DOM, so a table of thousands
  // of runs costs one page of DOM work per interaction. Printing shows every filtered row.

  var tables = [];

  function compareKeys(a, b) {
    if (a === b) return 0;
    if (a === null || a === undefined) return 1; // missing values last in both directions
    if (b === null || b === undefined) return -1;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true });
  }

  function buildRow(view, row) {
    var columns = view.columns;
    var tr = el('tr', { 'data-variant': row.variant });
    row.cells.forEach(function (cell, i) {
      var col = columns[i];
      var content = cell.best ? el('strong', { text: cell.text }) : document.createTextNode(cell.text);
      var td = el('td', { className: col.numeric ? 'num' : null, title: cell.title }, [content]);
      if (cell.sub) td.appendChild(el('span', { className: 'sub', text: cell.sub }));
      if (col.key === 'variant') {
        td.className = 'variant';
        td.insertBefore(el('span', { className: 'swatch', colour: row.colour }), td.firstChild);
      }
      if (col.key === 'run_id') td.className = 'mono run-id';
      if (col.key === 'status') td.className = statusClass(cell.text);
      if (col.key === 'reading') td.className = 'reading';
      tr.appendChild(td);
    });
    var out = [tr];
    row.failures.forEach(function (f) {
      out.push(el('tr', { className: 'failure' }, [
        el('td', { colspan: String(columns.length) }, [
          el('span', { text: 'seed ' + f.seed + ' failed (' }),
          el('code', { text: f.run_id }),
          el('span', { text: '): ' }),
          el('span', { className: 'error mono', text: f.error }),
        ]),
      ]));
    });
    return out;
  }

  function dataTable(view, name) {
    var rows = view.rows;
    var cache = new Array(rows.length);
    var haystack = rows.map(function (r) {
      return r.cells.map(function (c) { return c.text; }).join(' ').toLowerCase();
    });
    var state = { sortCol: -1, dir: 1, page: 0, query: '', printing: false, visible: rows.map(function (_, i) { return i; }) };
    var tbody = el('tbody');
    var headers = view.columns.map(function (c, i) {
      var button = el('button', { type: 'button', text: c.label, title: c.title ? c.title + ' (click to sort)' : 'Click to sort' });
      var th = el('th', { className: c.numeric ? 'num' : null, scope: 'col', 'aria-sort': 'none', 'data-key': c.key }, [button]);
      button.addEventListener('click', function () { sortBy(i); });
      return th;
    });
    var filter = el('input', { type: 'search', placeholder: 'Filter ' + name + '…', 'aria-label': 'Filter ' + name });
    var count = el('span', { className: 'count' });
    var prev = el('button', { type: 'button', text: '‹ previous' });
    var next = el('button', { type: 'button', text: 'next ›' });
    var pageInfo = el('span', { className: 'count' });
    var pager = el('div', { className: 'pager' }, [prev, pageInfo, next]);

    function recompute() {
      var q = state.query;
      var visible = [];
      for (var i = 0; i < rows.length; i++) if (!q || haystack[i].indexOf(q) !== -1) visible.push(i);
      if (state.sortCol >= 0) {
        var c = state.sortCol;
        var dir = state.dir;
        visible.sort(function (a, b) {
          var ka = rows[a].sortKeys[c];
          var kb = rows[b].sortKeys[c];
          var missing = (ka === null || ka === undefined) - (kb === null || kb === undefined);
          if (missing) return missing;
          return dir * compareKeys(ka, kb) || a - b;
        });
      }
      state.visible = visible;
    }

    function render() {
      var total = state.visible.length;
      var pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      state.page = Math.min(state.page, pages - 1);
      var start = state.printing ? 0 : state.page * PAGE_SIZE;
      var end = state.printing ? total : Math.min(total, start + PAGE_SIZE);
      var frag = document.createDocumentFragment();
      for (var k = start; k < end; k++) {
        var i = state.visible[k];
        if (!cache[i]) cache[i] = buildRow(view, rows[i]);
        cache[i].forEach(function (tr) { frag.appendChild(tr); });
      }
      tbody.replaceChildren(frag);
      count.textContent = total === rows.length ? rows.length + ' rows' : total + ' of ' + rows.length + ' rows';
      pager.hidden = pages <= 1;
      pageInfo.textContent = 'rows ' + (total ? start + 1 : 0) + '–' + end + ' of ' + total;
      prev.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
    }

    function sortBy(i) {
      var numeric = view.columns[i].numeric;
      // First click: numbers high-to-low (best accuracy first), text A-to-Z; then toggle.
      state.dir = state.sortCol === i ? -state.dir : numeric ? -1 : 1;
      state.sortCol = i;
      headers.forEach(function (th, j) {
        th.setAttribute('aria-sort', j !== i ? 'none' : state.dir === 1 ? 'ascending' : 'descending');
      });
      state.page = 0;
      recompute();
      render();
    }

    filter.addEventListener('input', function () {
      state.query = filter.value.trim().toLowerCase();
      state.page = 0;
      recompute();
      render();
    });
    prev.addEventListener('click', function () { state.page--; render(); });
    next.addEventListener('click', function () { state.page++; render(); });

    render();
    var api = { print: function (on) { state.printing = on; render(); } };
    tables.push(api);
    // The caption sits under the scrolling wrapper, not in the table, so a wide table does not
    // stretch its explanation off screen.
    var captionId = 'caption-' + tables.length;
    var table = el('table', { className: 'results sortable', 'aria-describedby': captionId }, [
      el('thead', null, [el('tr', null, headers)]), tbody,
    ]);
    return el('div', { className: 'data-table' }, [
      el('div', { className: 'table-tools' }, [filter, count]),
      el('div', { className: 'table-wrap' }, [table]),
      pager,
      el('p', { className: 'caption', id: captionId, text: view.caption }),
    ]);
  }

  // ---- Charts ---------------------------------------------------------------------------

  var pendingCharts = [];

  function chartBox(spec) {
    var canvas = el('canvas', { id: 'chart-' + spec.id, role: 'img', 'aria-label': spec.title });
    pendingCharts.push({ canvas: canvas, spec: spec });
    return el('div', { className: 'chart' + (spec.type === 'bar' ? ' wide' : '') }, [canvas]);
  }

  function chartGrid(specs) {
    return el('div', { className: 'charts' }, specs.map(chartBox));
  }

  // Charts are drawn after insertion so Chart.js can measure their containers.
  function drawCharts() {
    if (typeof Chart === 'undefined' || typeof MambaChartKit === 'undefined') {
      pendingCharts.forEach(function (p) {
        p.canvas.parentNode.replaceChild(el('p', { className: 'callout', text: 'Chart.js failed to load; chart unavailable.' }), p.canvas);
      });
      return [];
    }
    return pendingCharts.map(function (p) { return new Chart(p.canvas, MambaChartKit.toChartConfig(p.spec)); });
  }

  // ---- Sections -------------------------------------------------------------------------

  function section(title, id, children) {
    return el('section', { id: id }, [el('h2', { text: title })].concat(children));
  }

  function renderHeader(data, summary) {
    var nOk = data.runs.filter(function (r) { return r.status === 'ok'; }).length;
    var nFailed = data.runs.length - nOk;
    var header = el('header', null, [
      el('h1', { text: data.experiment.name }),
      el('p', { className: 'subtitle', text: 'mambabench report · ' + summary.period + ' · ' + data.runs.length +
        ' run(s): ' + nOk + ' ok, ' + nFailed + ' failed' }),
    ]);
    header.appendChild(el('div', { className: 'headline', role: 'note' }, [
      el('h2', { text: 'At a glance' }),
      el('ul', null, summary.headline.map(function (line) { return el('li', { text: line }); })),
    ]));
    if (summary.failures.length) {
      header.appendChild(el('p', {
        className: 'callout',
        text: summary.failures.length + ' run(s) failed; their errors are listed under their rows in the results table.',
      }));
    }
    return header;
  }

  function renderResults(summary) {
    if (!summary.rows.length) return section('Results', 'results', [el('p', { className: 'empty', text: 'No runs yet.' })]);
    return section('Results', 'results', [
      dataTable({ columns: summary.columns, rows: summary.rows, caption: summary.mainCaption }, 'variants'),
    ].concat(summary.notes.map(function (n) { return el('p', { className: 'note', text: n }); })));
  }

  function renderComparison(summary) {
    if (!summary.comparison && !summary.testSet) return null;
    var children = [];
    if (summary.testSet) {
      children.push(el('h3', { text: 'On the test images (paired over the same images)' }), dataTable(summary.testSet, 'test-set'));
    }
    if (summary.comparison) {
      if (summary.testSet) children.push(el('h3', { text: 'Across seeds' }));
      children.push(dataTable(summary.comparison, 'comparisons'));
    }
    return section('Is the difference real?', 'comparison', children);
  }

  function confusionTable(cm) {
    var head = el('tr', null, [el('th', { text: 'true \\ predicted' })].concat(cm.classes.map(function (c) {
      return el('th', { className: 'num', text: c });
    })));
    var body = el('tbody', null, cm.counts.map(function (row, t) {
      var total = row.reduce(function (a, b) { return a + b; }, 0);
      return el('tr', null, [el('th', { scope: 'row', text: cm.classes[t] })].concat(row.map(function (n, p) {
        var share = total ? n / total : 0;
        var td = el('td', { className: 'num', title: n + ' of ' + total + ' true ' + cm.classes[t] }, [
          String(n), el('span', { className: 'sub', text: (share * 100).toFixed(1) + '%' }),
        ]);
        // Diagonal green, errors red, by row share: the eye finds the mistakes first.
        td.style.backgroundColor = (t === p ? 'rgba(26,127,55,' : 'rgba(180,35,24,') + (0.08 + 0.5 * share).toFixed(3) + ')';
        return td;
      })));
    }));
    return el('figure', { className: 'confusion' }, [
      el('figcaption', null, [el('span', { className: 'swatch', colour: cm.colour }),
        cm.model + ' · ' + cm.label + ' (' + cm.seeds + ' seed' + (cm.seeds === 1 ? '' : 's') + ', summed)']),
      el('table', { className: 'counts' }, [el('thead', null, [head]), body]),
    ]);
  }

  function renderClinical(summary) {
    var c = summary.clinical;
    var children = [el('p', { className: 'subtitle', text: c.note })];
    if (c.table) children.push(dataTable(c.table, 'variants'));
    if (summary.charts.clinical.length) children.push(chartGrid(summary.charts.clinical));
    if (c.confusion.length) {
      children.push(el('h3', { text: 'Confusion matrices (rows: true class; cells: count and share of the row)' }));
      children.push(el('div', { className: 'confusions' }, c.confusion.map(confusionTable)));
    }
    return section('Screening metrics', 'clinical', children);
  }

  function renderCost(summary) {
    if (!summary.charts.cost.length) return null;
    return section('Cost: accuracy vs time and memory', 'cost', [chartGrid(summary.charts.cost)]);
  }

  function renderTraining(summary) {
    if (!summary.charts.training.length) {
      return section('Learning curves', 'training', [el('p', { className: 'empty', text: 'No per-epoch curves recorded.' })]);
    }
    return section('Learning curves', 'training', [chartGrid(summary.charts.training),
      el('p', { className: 'note', text: 'Per-run curves: curves/<run id>.csv next to this file.' })]);
  }

  function renderRuns(summary) {
    if (!summary.runRows.length) return null;
    return section('All runs', 'runs', [el('details', null, [
      el('summary', { text: 'One row per run, unaveraged (' + summary.runRows.length + ')' }),
      dataTable({ columns: summary.runColumns, rows: summary.runRows, caption: 'One row per run; failed runs keep what they measured.' }, 'runs'),
    ])]);
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
    var notes = (ds.notes || []).map(function (n) { return el('p', { className: 'note', text: n }); });
    var skipped = ds.skipped || [];
    var skippedBlock = skipped.length === 0 ? el('p', { className: 'note', text: 'No file was skipped.' }) : el('details', null, [
      el('summary', { text: skipped.length + ' file(s) skipped, with why' }),
      el('ul', null, skipped.slice(0, 500).map(function (s) { return el('li', { text: s.path + ': ' + s.reason }); })),
    ]);
    return el('div', null, [
      el('h3', { text: 'Dataset' }),
      kvList([['Name', ds.name], ['Fingerprint', ds.fingerprint]]),
      el('div', { className: 'table-wrap' }, [el('table', { className: 'counts' }, [el('thead', null, [head]), body])]),
    ].concat(notes, [skippedBlock]));
  }

  // The GPU the memory and time figures come from; a software adapter is flagged, as its
  // "GPU" numbers are really a CPU's.
  function renderAdapters(adapters) {
    var children = [el('h3', { text: 'GPU adapter' })];
    if (!adapters.length) children.push(el('p', { className: 'empty', text: 'none: no run used the webgpu backend' }));
    adapters.forEach(function (a) {
      children.push(el('p', { className: a.software ? 'callout' : null, text: a.label + ' · ' + a.runs + ' run' + (a.runs === 1 ? '' : 's') +
        (a.software ? ' · software adapter: no real GPU' : '') }));
      children.push(kvList(a.details));
    });
    return el('div', { className: 'adapters' }, children);
  }

  function renderEnvironment(data, summary) {
    var env = summary.environment;
    var children = [el('div', { className: 'meta' }, [
      el('div', null, [el('h3', { text: 'Machine and software' }),
        env.machine.length ? kvList(env.machine) : el('p', { className: 'empty', text: 'not recorded' })]),
      el('div', null, [el('h3', { text: 'Run settings' }),
        env.settings.length ? kvList(env.settings) : el('p', { className: 'empty', text: 'no runs' })]),
      renderAdapters(env.adapters),
    ])];
    summary.datasets.forEach(function (ds) { children.push(renderDataset(ds)); });
    children.push(el('h3', { text: 'Experiment file' }));
    children.push(kvList([['File', data.experiment.file], ['Name', data.experiment.name]]));
    children.push(el('pre', { className: 'spec', text: JSON.stringify(data.experiment.spec, null, 2) }));
    return section('Environment, data and experiment', 'environment', children);
  }

  var data = readJson('data');
  var summary = readJson('summary');
  var app = document.getElementById('app');
  [
    renderHeader(data, summary),
    renderResults(summary),
    renderComparison(summary),
    renderClinical(summary),
    renderCost(summary),
    renderTraining(summary),
    renderRuns(summary),
    renderEnvironment(data, summary),
    el('footer', { text: 'Self-contained report: data, charts (Chart.js) and styles are embedded; no network access. ' +
      'Full data: results.json, results.csv, summary.csv, results.md and charts/*.png next to this file.' }),
  ].forEach(function (node) { if (node) app.appendChild(node); });
  var charts = drawCharts();

  // Printed pages should show everything: open collapsed sections, every table row, and refit charts to paper width.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
    tables.forEach(function (t) { t.print(true); });
    charts.forEach(function (c) { c.resize(); });
  });
  window.addEventListener('afterprint', function () {
    tables.forEach(function (t) { t.print(false); });
    charts.forEach(function (c) { c.resize(); });
  });
})();

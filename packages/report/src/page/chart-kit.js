// Turns the report's chart specs (chart-spec.ts: plain JSON) into Chart.js configurations.
// One source for both renderers: inlined as a classic script in index.html, and evaluated by
// png-charts.ts in Node for the PNG exports. So: no imports, no DOM, no globals but this one.
var MambaChartKit = (function () {
  'use strict';

  function rgba(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + ((n >> 16) & 255) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + alpha + ')';
  }

  // Names next to scatter points, so the chart reads without matching colours to the legend.
  var pointLabels = {
    id: 'mbPointLabels',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = '11px ' + ((chart.options.font && chart.options.font.family) || 'sans-serif');
      ctx.fillStyle = '#1f2328';
      ctx.textBaseline = 'bottom';
      var right = chart.chartArea.right;
      chart.data.datasets.forEach(function (ds, i) {
        if (!ds.mbPointLabels || !chart.isDatasetVisible(i)) return;
        chart.getDatasetMeta(i).data.forEach(function (el, j) {
          var text = ds.mbPointLabels[j];
          if (!text) return;
          // Flip to the left of the point where the name would run off the plot.
          var flip = el.x + 8 + ctx.measureText(text).width > right;
          ctx.textAlign = flip ? 'right' : 'left';
          ctx.fillText(text, flip ? el.x - 8 : el.x + 8, el.y - 4);
        });
      });
      ctx.restore();
    },
  };

  // 95% CI whiskers on bars (Chart.js has no error bars of its own).
  var errorBars = {
    id: 'mbErrorBars',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      var y = chart.scales.y;
      ctx.save();
      ctx.strokeStyle = '#1f2328';
      ctx.lineWidth = 1.2;
      chart.data.datasets.forEach(function (ds, i) {
        if (!ds.mbErrorBars || !chart.isDatasetVisible(i)) return;
        chart.getDatasetMeta(i).data.forEach(function (el, j) {
          var bar = ds.mbErrorBars[j];
          if (!bar) return;
          var lo = y.getPixelForValue(Math.max(bar[0], y.min));
          var hi = y.getPixelForValue(Math.min(bar[1], y.max));
          var cap = Math.min(4, (el.width || 8) / 3);
          ctx.beginPath();
          ctx.moveTo(el.x, lo); ctx.lineTo(el.x, hi);
          ctx.moveTo(el.x - cap, lo); ctx.lineTo(el.x + cap, lo);
          ctx.moveTo(el.x - cap, hi); ctx.lineTo(el.x + cap, hi);
          ctx.stroke();
        });
      });
      ctx.restore();
    },
  };

  // PNGs have no page behind them: paint the canvas white, or viewers show the text on black.
  var background = {
    id: 'mbBackground',
    beforeDraw: function (chart, _args, opts) {
      if (!opts || !opts.colour) return;
      var ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = opts.colour;
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    },
  };

  function dataset(spec, ds, index) {
    var alpha = ds.alpha === undefined ? 1 : ds.alpha;
    var out = {
      label: ds.label,
      data: ds.data,
      borderColor: ds.fillToPrevious || (ds.noLegend && alpha === 0) ? rgba(ds.colour, 0) : ds.colour,
      backgroundColor: rgba(ds.colour, spec.type === 'bar' ? 0.85 : alpha),
      borderWidth: spec.type === 'bar' ? 0 : 2,
      borderDash: ds.dashed ? [6, 4] : [],
      pointRadius: ds.pointRadius === undefined ? 2 : ds.pointRadius,
      pointBackgroundColor: rgba(ds.colour, alpha),
      pointBorderColor: rgba(ds.colour, alpha),
      tension: 0,
      spanGaps: false,
      mbNoLegend: !!ds.noLegend,
      order: ds.noLegend ? 2 : 1,
    };
    if (ds.fillToPrevious) {
      out.fill = index - 1;
      out.backgroundColor = rgba(ds.colour, alpha);
    } else if (spec.type !== 'bar') {
      out.fill = false;
    }
    if (ds.showLine) out.showLine = true;
    if (ds.stepped) out.stepped = 'after';
    if (ds.pointLabels) out.mbPointLabels = ds.pointLabels;
    if (ds.errorBars) out.mbErrorBars = ds.errorBars;
    return out;
  }

  function axis(spec, type) {
    var a = { type: type, title: { display: !!spec.title, text: spec.title } };
    if (spec.min !== undefined) a.min = spec.min;
    if (spec.max !== undefined) a.max = spec.max;
    return a;
  }

  // Chart.js draws a subtitle on one line squeezed to the chart's width, unreadable once a
  // note grows past a sentence or two: whole sentences go on lines of about this many characters.
  var SUBTITLE_LINE = 130;

  function subtitleLines(text) {
    var lines = [];
    var sentences = (text || '').split(/\.\s+/);
    sentences.forEach(function (sentence, i) {
      if (i < sentences.length - 1) sentence += '.'; // no look-behind: older Safari cannot parse it
      var last = lines.length - 1;
      if (last >= 0 && lines[last].length + 1 + sentence.length <= SUBTITLE_LINE) lines[last] += ' ' + sentence;
      else lines.push(sentence);
    });
    return lines.length > 1 ? lines : text || '';
  }

  /**
   * spec: a ChartSpec. env.static: true for PNG rendering (fixed size, no resize observers,
   * device pixel ratio 1, white background).
   */
  function toChartConfig(spec, env) {
    env = env || {};
    var isBar = spec.type === 'bar';
    var options = {
      animation: false, // charts must be complete at once for print, screenshots and PNGs
      responsive: !env.static,
      maintainAspectRatio: false,
      interaction: isBar ? { mode: 'index', intersect: false } : { mode: 'nearest', intersect: false },
      plugins: {
        title: { display: true, text: spec.title, font: { size: 14, weight: 'bold' } },
        subtitle: { display: !!spec.subtitle, text: subtitleLines(spec.subtitle), padding: { bottom: 8 } },
        legend: {
          position: 'bottom',
          labels: {
            usePointStyle: spec.type === 'scatter',
            boxWidth: isBar ? 12 : 28,
            boxHeight: isBar ? 12 : 2,
            filter: function (item, data) { return !data.datasets[item.datasetIndex].mbNoLegend; },
          },
        },
        mbBackground: { colour: env.static ? '#ffffff' : null },
      },
      scales: {
        x: axis(spec.x, isBar ? 'category' : 'linear'),
        y: axis(spec.y, 'linear'),
      },
    };
    if (env.static) options.devicePixelRatio = 1;
    return {
      type: spec.type,
      data: {
        labels: isBar ? spec.categories : undefined,
        datasets: spec.datasets.map(function (ds, i) { return dataset(spec, ds, i); }),
      },
      options: options,
      plugins: [background, pointLabels, errorBars],
    };
  }

  return { toChartConfig: toChartConfig, subtitleLines: subtitleLines };
})();

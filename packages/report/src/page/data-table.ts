// Tables: sortable (click a header), filterable (text box), paginated. Rows are built lazily
// and cached, and only one page is in the DOM, so a table of thousands of runs costs one page
// of DOM work per interaction. Printing shows every filtered row.
import type { TableView, VariantRow } from '../view-types.ts';
import { el } from './dom.ts';
import type { RenderContext } from './render-context.ts';

const PAGE_SIZE = 50;

type SortKey = VariantRow['sortKeys'][number] | undefined;

/** Green when finished, red when it failed, ran out of memory or diverged, amber for a mix or an interrupted run. */
function statusClass(text: string): string {
  if (text === 'ok') return 'status-ok';
  if (/^(failed|out of memory|diverged)\b/.test(text)) return 'status-failed';
  return 'status-partial';
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1; // missing values last in both directions
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function buildRow(view: TableView, row: VariantRow): HTMLTableRowElement[] {
  const columns = view.columns;
  const tr = el('tr', { 'data-variant': row.variant });
  row.cells.forEach((cell, i) => {
    const col = columns[i]!;
    const content = cell.best ? el('strong', { text: cell.text }) : document.createTextNode(cell.text);
    const td = el('td', { className: col.numeric ? 'num' : null, title: cell.title }, [content]);
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
  const out = [tr];
  row.failures.forEach((f) => {
    out.push(el('tr', { className: 'failure' }, [
      el('td', { colspan: String(columns.length) }, [
        el('span', { text: `seed ${f.seed} did not finish (` }),
        el('code', { text: f.run_id }),
        el('span', { text: '): ' }),
        el('span', { className: 'error mono', text: f.error }),
      ]),
    ]));
  });
  return out;
}

/** `name` says what the rows are, in the filter box ("Filter variants…"). */
export function dataTable(ctx: RenderContext, view: TableView, name: string): HTMLElement {
  const rows = view.rows;
  const cache: HTMLTableRowElement[][] = new Array(rows.length);
  const haystack = rows.map((r) => r.cells.map((c) => c.text).join(' ').toLowerCase());
  const state = { sortCol: -1, dir: 1, page: 0, query: '', printing: false, visible: rows.map((_, i) => i) };
  const tbody = el('tbody');
  const headers = view.columns.map((c, i) => {
    const button = el('button', { type: 'button', text: c.label, title: c.title ? `${c.title} (click to sort)` : 'Click to sort' });
    const th = el('th', { className: c.numeric ? 'num' : null, scope: 'col', 'aria-sort': 'none', 'data-key': c.key }, [button]);
    button.addEventListener('click', () => { sortBy(i); });
    return th;
  });
  const filter = el('input', { type: 'search', placeholder: `Filter ${name}…`, 'aria-label': `Filter ${name}` });
  const count = el('span', { className: 'count' });
  const prev = el('button', { type: 'button', text: '‹ previous' });
  const next = el('button', { type: 'button', text: 'next ›' });
  const pageInfo = el('span', { className: 'count' });
  const pager = el('div', { className: 'pager' }, [prev, pageInfo, next]);

  function recompute(): void {
    const q = state.query;
    const visible: number[] = [];
    for (let i = 0; i < rows.length; i++) if (!q || haystack[i]!.indexOf(q) !== -1) visible.push(i);
    if (state.sortCol >= 0) {
      const c = state.sortCol;
      const dir = state.dir;
      const isMissing = (k: SortKey) => Number(k === null || k === undefined);
      visible.sort((a, b) => {
        const ka = rows[a]!.sortKeys[c];
        const kb = rows[b]!.sortKeys[c];
        const missing = isMissing(ka) - isMissing(kb);
        if (missing) return missing;
        return dir * compareKeys(ka, kb) || a - b;
      });
    }
    state.visible = visible;
  }

  function render(): void {
    const total = state.visible.length;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    const start = state.printing ? 0 : state.page * PAGE_SIZE;
    const end = state.printing ? total : Math.min(total, start + PAGE_SIZE);
    const frag = document.createDocumentFragment();
    for (let k = start; k < end; k++) {
      const i = state.visible[k]!;
      if (!cache[i]) cache[i] = buildRow(view, rows[i]!);
      cache[i].forEach((tr) => { frag.appendChild(tr); });
    }
    tbody.replaceChildren(frag);
    count.textContent = total === rows.length ? `${rows.length} rows` : `${total} of ${rows.length} rows`;
    pager.hidden = pages <= 1;
    pageInfo.textContent = `rows ${total ? start + 1 : 0}–${end} of ${total}`;
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
  }

  function sortBy(i: number): void {
    const numeric = view.columns[i]!.numeric;
    // First click: numbers high-to-low (best accuracy first), text A-to-Z; then toggle.
    state.dir = state.sortCol === i ? -state.dir : numeric ? -1 : 1;
    state.sortCol = i;
    headers.forEach((th, j) => {
      th.setAttribute('aria-sort', j !== i ? 'none' : state.dir === 1 ? 'ascending' : 'descending');
    });
    state.page = 0;
    recompute();
    render();
  }

  filter.addEventListener('input', () => {
    state.query = filter.value.trim().toLowerCase();
    state.page = 0;
    recompute();
    render();
  });
  prev.addEventListener('click', () => { state.page--; render(); });
  next.addEventListener('click', () => { state.page++; render(); });

  render();
  ctx.tables.push({ print: (on) => { state.printing = on; render(); } });
  // The caption sits under the scrolling wrapper, not in the table, so a wide table does not
  // stretch its explanation off screen.
  const captionId = `caption-${ctx.tables.length}`;
  const table = el('table', { className: 'results sortable', 'aria-describedby': captionId }, [
    el('thead', null, [el('tr', null, headers)]), tbody,
  ]);
  return el('div', { className: 'data-table' }, [
    el('div', { className: 'table-tools' }, [filter, count]),
    el('div', { className: 'table-wrap' }, [table]),
    pager,
    el('p', { className: 'caption', id: captionId, text: view.caption }),
  ]);
}

// Shapes of the pre-formatted view the page renders (see summary.ts). Plain JSON: they are
// embedded in index.html and rendered by the page script (page/).

export interface TableColumn {
  key: string;
  label: string;
  numeric: boolean;
  title?: string;
}

export interface Cell {
  text: string;
  title?: string;
  /** Best value of its column (rendered bold). */
  best?: boolean;
  /** Second, smaller line: the 95% interval, or why there is none. */
  sub?: string;
}

export interface FailedRun {
  run_id: string;
  model: string;
  variant: string;
  seed: number;
  error: string;
}

export interface VariantRow {
  model: string;
  variant: string;
  colour: string;
  /** Aligned with the table's columns. */
  cells: Cell[];
  /** What a click on each column header sorts by (aligned with cells); null sorts last. */
  sortKeys: (number | string | null)[];
  failures: FailedRun[];
}

export interface RunTableRow extends VariantRow {
  run_id: string;
}

/** A table the page renders sortable, filterable and paginated. */
export interface TableView<Row extends VariantRow = VariantRow> {
  columns: TableColumn[];
  rows: Row[];
  caption: string;
}

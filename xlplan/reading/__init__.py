"""Reading workbooks back into plans: `own` (xlplan's own workbooks, through the layout spec),
`handmade` (plan tables people made themselves, with `handmade_sheet`, `handmade_rows`,
`handmade_values`, `vocabulary` and `table`), `parse` (exact,
tolerant cell values), `common` (what both readers share) and `result` (`ReadResult`)."""

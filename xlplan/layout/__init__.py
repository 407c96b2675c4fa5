"""The workbook's layout, declared once: `spec` (sheets, columns, defined names), `labels` (every
French/English text), `formulas` (formula builders and the parser of what the reader
recognises), `dashboard` (the dashboard's blocks), `names` (defined names), `values` (model value
<-> cell) and `cached` (what each formula computes, from `xlplan.model.rules`)."""

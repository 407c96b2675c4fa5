"""The workbook writer: `workbook` (the order of the work and `build`), `common` (what every sheet
writer shares), one module per sheet family (`tables`, `guide`, `timeline`, `dashboard`) and
`styles` (palette and number formats). The xlsxwriter fast path is `xlplan.xlsx.fastwrite`."""

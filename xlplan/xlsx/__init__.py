"""The .xlsx file itself: `guard` (sniffing and limits, before anything parses), `grid` (the one
reading façade: python-calamine plus targeted XML scans) and `fastwrite` (the xlsxwriter fast
path)."""

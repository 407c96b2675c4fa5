"""The plan model, with no Excel: `enums`, `items` (the parts of a plan), `plan` (the `Plan` and
its validation), `rules` (the domain rules), `files` (YAML/JSON), `schema` and `starters`."""

"""askwhy: ask causal questions of tabular data in plain language."""

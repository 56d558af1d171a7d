"""Property tests grouped by rule id: one class per rule, its docstring the rule."""

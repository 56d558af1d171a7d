"""A small HTML table writer for Jupyter display; every cell is escaped."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["html_table"]


def html_table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """An HTML table; None cells are left empty.

    >>> html_table("<b>", ["a"], [[None], ["x&y"]])
    '<table><caption>&lt;b&gt;</caption><thead><tr><th>a</th></tr></thead><tbody><tr><td></td></tr><tr><td>x&amp;y</td></tr></tbody></table>'
    """
    import html  # only notebooks display tables; keep it out of `import ldn`

    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{'' if c is None else html.escape(str(c))}</td>" for c in row)
        + "</tr>"
        for row in rows
    )
    return (
        f"<table><caption>{html.escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )

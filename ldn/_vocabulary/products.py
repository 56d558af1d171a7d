"""Brand and trade names of products that contain an opioid or an opioid antagonist.

One row per name as it is written on a medication list:

``(name, market, substances, source id)``

* ``market``: ``NZ``, ``AU``, ``UK``, ``US`` (where the name is or was sold).
* ``substances``: every active ingredient, lower case; combinations list each one.
  Whether a product blocks follows from its substances (see
  :mod:`ldn._vocabulary.substances`): any opioid blocks.
* Names that mean an opioid only as a whole phrase are listed as the phrase
  ("Nurofen Plus", never "Nurofen").
"""

from __future__ import annotations

from typing import Final

Row = tuple[str, str, tuple[str, ...], str]

PRODUCTS: Final[tuple[Row, ...]] = ()

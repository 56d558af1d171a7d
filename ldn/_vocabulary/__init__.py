"""The screening vocabulary as data: plain rows with their sources. Private.

Read through :mod:`ldn.opioids`, which turns the rows into typed values on first
use. Each module here is one table and holds data only: no logic, so a reviewer can
check it row by row against the sources it names (:mod:`ldn._vocabulary.sources`).
"""

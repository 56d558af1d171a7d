"""The version of ``ldn``, written in this one place. Private.

The build reads it from here (``[tool.hatch.version]`` in pyproject.toml); ``ldn``
exports it as ``ldn.__version__``, and the CodeSystems ``ldn.fhir.code_systems``
gives carry it.
"""

__version__ = "0.2.0"

"""Helpers of the test suite: the second FHIR validator and the CDS Hooks card rules."""

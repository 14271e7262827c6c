"""Seeded generators of lead histories whose truths are known, for the tests and bench/."""

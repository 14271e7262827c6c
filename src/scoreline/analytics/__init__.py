"""The pure analytics core: tables in, tables out, no Django (only extract.py knows the ORM)."""

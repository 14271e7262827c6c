"""The pure analytics core: tables in, tables out, no Django (reports.extract reads the ORM)."""

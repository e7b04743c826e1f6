"""The embedded database's backend: Django's SQLite backend whose write transactions, within one
process, take turns on a lock (``core.sqlite.base``)."""

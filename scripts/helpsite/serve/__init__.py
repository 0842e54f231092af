"""Serving: nginx's configuration, and a real nginx on loopback for tests and benches."""

"""The events the pages send: one contract, reading nginx's logs, the staff's report."""

"""One build: plan it from the records, finish the built site for serving."""

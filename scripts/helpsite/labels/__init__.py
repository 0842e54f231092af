"""The interface label catalogue: every quoted label with its source, per page language."""

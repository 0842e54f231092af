"""Measuring the built site in Debian's Chromium: weight, accessibility, search recall."""

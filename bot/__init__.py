"""Clearcall: a consent-first voice robot for Asterisk."""

"""Errors a user or operator can meet; each message says what to change."""


class ClearcallError(Exception):
    """Base for errors that are shown to the user as one clear line, never a traceback."""


class ConfigError(ClearcallError):
    """A setting is missing or wrong; the message names the setting."""


class WebhookFailed(ClearcallError):
    """A webhook did not answer with 2xx in time; the flow's `on_failure` decides what happens."""

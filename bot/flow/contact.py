"""Contact data for a flow: which fields a call needs before it is dialled, and sample values.

A flow declares its fields under ``contact.fields``; a prompt can only use declared fields, and a field
is spoken as the contact's value, else its ``default``. A field with neither would be spoken as a
blank, so the dialer asks ``missing_contact_fields`` before dialling and refuses such a contact.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.flow.schema import Flow


def _blank(value: object) -> bool:
    return value is None or not str(value).strip()


def missing_contact_fields(flow: Flow, contact: Mapping[str, object] | None) -> list[str]:
    """The fields ``flow`` needs that ``contact`` lacks or leaves blank, in the flow's order.

    A field is needed when it is required (the default) and has no ``default``; an empty list means
    the call can be made. Pure: no I/O.
    """
    contact = contact or {}
    return [name for name, spec in flow.contact.fields.items() if spec.needed and _blank(contact.get(name))]


def sample_contact(flow: Flow) -> dict[str, str]:
    """The ``sample`` value of every field that has one (for simulations and duration estimates)."""
    return {name: spec.sample for name, spec in flow.contact.fields.items() if spec.sample is not None}

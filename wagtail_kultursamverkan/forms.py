"""The structure page's admin form: every save converts the page to the core model and validates it.

The core reports problems by path in its data (``bodies[1].relations[0].target``);
``convert.locate`` maps that to a page field and a path inside it, and the errors
are built as Wagtail's nested block errors so the editor sees each at its field.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from attrs import frozen
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.pages import WagtailAdminPageForm
from wagtail.blocks.base import BlockWidget

from kultursamverkan import explain, i18n
from kultursamverkan.errors import Problem

from .blocks import CadenceBlock
from .identifiers import derive_identifier
from .permissions import RegionFieldFormMixin

_Tree = dict  # {"": [messages], key: _Tree}


def _tree() -> _Tree:
    return defaultdict(_tree)


def _insert(tree: _Tree, path: tuple, message: str) -> None:
    node = tree
    for part in path:
        node = node[part]
    node.setdefault("", []).append(message)


def _messages(node: _Tree) -> list[str]:
    """All messages at or below ``node``: for a leaf field, where deeper detail has no place."""
    out = list(node.get("", []))
    for key, child in node.items():
        if key != "":
            out.extend(_messages(child))
    return out


def block_error(block: blocks.Block, value: Any, node: _Tree) -> ValidationError:
    """Wagtail's nested block error for the problems in ``node``, a tree following the core's path."""
    here = list(node.get("", []))
    children = {k: v for k, v in node.items() if k != ""}
    if isinstance(block, CadenceBlock) and value:
        # The core's cadence is one mapping; the block is a stream of one.
        child = value[0]
        inner = block_error(child.block, child.value, node) if children else None
        block_errors = {0: inner} if inner is not None else {}
        return blocks.StreamBlockValidationError(block_errors=block_errors, non_block_errors=here if not inner else [])
    if isinstance(block, blocks.StreamBlock) and value is not None:
        errors = {}
        for index, sub in children.items():
            if isinstance(index, int) and index < len(value):
                errors[index] = block_error(value[index].block, value[index].value, sub)
            else:
                here.extend(_messages(sub))
        return blocks.StreamBlockValidationError(block_errors=errors, non_block_errors=here)
    if isinstance(block, blocks.StructBlock):
        errors = {}
        for name, sub in children.items():
            if name in block.child_blocks:
                errors[name] = block_error(block.child_blocks[name], (value or {}).get(name), sub)
            else:
                here.extend(_messages(sub))
        return blocks.StructBlockValidationError(block_errors=errors, non_block_errors=here)
    if isinstance(block, blocks.ListBlock):
        errors = {}
        items = list(value or ())
        for index, sub in children.items():
            if isinstance(index, int) and index < len(items):
                errors[index] = block_error(block.child_block, items[index], sub)
            else:
                here.extend(_messages(sub))
        return blocks.ListBlockValidationError(block_errors=errors, non_block_errors=here)
    return ValidationError(_messages(node))


@frozen
class Note:
    """A problem the plugin words itself (where the core's words would not tell the editor enough)."""

    path: tuple
    text: str


def _lang() -> str:
    return i18n.normalize_lang(get_language() or "sv")


def problem_text(problem: Problem | Note, data: Any = None) -> str:
    """The core's message for ``problem`` in the editor's language, ids and paths said by names."""
    if isinstance(problem, Note):
        return problem.text
    return explain.editor_message(problem, _lang(), data)


def _message(problem: Problem, path: tuple = (), data: Any = None) -> str:
    """The message with where it is, by names and field labels: "Taktiskt nätverk › Mötesfrekvens"."""
    if not path:
        return problem_text(problem, data)
    where = explain.describe_path(path, data, _lang())
    return _("%(message)s (at %(path)s)") % {"message": problem_text(problem, data), "path": where}


Locator = Any  # (path) -> (field or None, path inside the field)


def errors_at_fields(
    page: Any, problems: Any, locate: Locator, shown_path: Any = None, data: Any = None
) -> list[tuple[str | None, ValidationError | str]]:
    """Each core problem as ``(page field or None, error)``, nested block errors for StreamFields.

    ``data`` is the core's plain data the paths point into, so a location names the object.
    """
    out: list[tuple[str | None, ValidationError | str]] = []
    trees: dict[str, _Tree] = defaultdict(_tree)
    for problem in problems:
        field, inner = locate(problem.path)
        if field is None:
            out.append((None, _message(problem, shown_path(problem) if shown_path else problem.path, data)))
        elif not inner:
            out.append((field, problem_text(problem, data)))
        else:
            _insert(trees[field], inner, problem_text(problem, data))
    for field, tree in trees.items():
        value = getattr(page, field)
        out.append((field, block_error(value.stream_block, value, tree)))
    return out


#: What Wagtail's block widgets raise on submitted data that their own JavaScript would never send.
_MALFORMED_BLOCK_DATA = (KeyError, ValueError, TypeError, IndexError, OverflowError, AttributeError)


class MalformedBlockDataMixin:
    """A StreamField whose submitted data is malformed (no ``-count``, a count that is not a number, …)
    is refused at its field, instead of the 500 that Wagtail's block widgets give."""

    def _clean_fields(self) -> None:
        broken = []
        for name, form_field in self.fields.items():  # type: ignore[attr-defined]
            if not isinstance(form_field.widget, BlockWidget):
                continue
            prefix = self.add_prefix(name)  # type: ignore[attr-defined]
            try:
                form_field.widget.value_from_datadict(self.data, self.files, prefix)  # type: ignore[attr-defined]
            except _MALFORMED_BLOCK_DATA:
                broken.append((name, prefix))
        if broken:
            data = self.data.copy()  # type: ignore[attr-defined]
            for _name, prefix in broken:
                for key in [k for k in data if k.startswith(f"{prefix}-")]:
                    del data[key]
                data[f"{prefix}-count"] = "0"  # read as empty, so the other fields are still checked
            self.data = data
        super()._clean_fields()  # type: ignore[misc]
        for name, _prefix in broken:
            self.add_error(  # type: ignore[attr-defined]
                name, _("The data sent for this field is malformed. Reload the page and enter it again.")
            )


def _guard_overflow(field: Any) -> None:
    """A chosen object's key too large for the database is "not one of the choices", not a 500."""
    to_python = field.to_python

    def guarded(value: Any) -> Any:
        try:
            return to_python(value)
        except OverflowError:
            raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice") from None

    field.to_python = guarded


class SnippetForm(RegionFieldFormMixin, MalformedBlockDataMixin, WagtailAdminModelForm):
    """The organisation and person snippets' admin form: the region only one the user may edit."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, ModelChoiceField):
                _guard_overflow(form_field)


class RegionIndexPageForm(MalformedBlockDataMixin, WagtailAdminPageForm):
    """The region index page's admin form (its region details are a StreamField)."""


#: The check every core page's form runs on save: ``(page with the form's values, parent page)`` →
#: ``[(field or None, error)]``. Set in ``AppConfig.ready()`` to ``extract.page_errors``; the check
#: needs the whole structure, which only layers above the models can gather.
VALIDATOR: Callable[[Any, Any], list[tuple[str | None, ValidationError | str]]] | None = None


class CorePageForm(MalformedBlockDataMixin, WagtailAdminPageForm):
    """Refuses to save or publish a page whose structure the core finds invalid, every problem at once.

    Each problem is shown at the field it comes from (``mapping.locate``); problems in
    other pages of the structure are shown above the form, naming the page.
    """

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "identifier" in self.fields and not cleaned.get("identifier"):
            # Left empty: made from the slug (still editable), as the file format's key.
            cleaned["identifier"] = derive_identifier(cleaned.get("slug") or cleaned.get("title") or "")
        if VALIDATOR is None:
            return cleaned
        # The core checks the page even when some fields refused their input: those keep their stored
        # value, so a cadence that does not read and a broken reference show in the same save.
        refused = set(self.errors)
        page = copy.copy(self.instance)
        for name, value in cleaned.items():
            if name in self.fields and hasattr(page, name) and name not in refused:
                setattr(page, name, value)
        parent = self.parent_page.specific if self.parent_page is not None else None
        for field, error in VALIDATOR(page, parent):
            if field in refused:
                continue  # the field's own problem says what to fix first
            self.add_error(field if field in self.fields else None, error)
        return cleaned

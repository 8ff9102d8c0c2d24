"""The admin's import view: upload a file, see its problems or a preview, confirm to create drafts.

Steps: the editor uploads one file and picks the page to import under. The file is
validated and compared with the site (``importing.plan``); nothing is written yet.
The preview lists what would be created and changed; on confirmation the import
runs in one transaction and saves pages as drafts (organisations and people are
shared snippets: new ones are saved at once, changes to existing ones and the
removal of pages wait until the structure page is published). Between the two
requests the upload waits in Django's default storage, never in a temporary file of
its own: uploads are read into memory by ``MemoryOnlyUploadHandler``, which stops at
the size limit. A preview not confirmed within ``PREVIEW_MAX_AGE`` expires; the next
upload, or ``manage.py kultursamverkan_cleanup_imports``, deletes expired ones.

Who may import: users with the ``wagtail_kultursamverkan.import_structures``
permission (assign it to a group under Settings → Groups), and then only a file
whose every change they could make by hand in the admin (``importing.check_permissions``).
Anonymous users are sent to the login page by Wagtail's admin; others get 403.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import time
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Locale, Page

from kultursamverkan.io import MAX_BYTES

from . import importing, permissions
from .models import StructurePage

APP_LABEL = "wagtail_kultursamverkan"
PERMISSION_CODENAME = "import_structures"
PERMISSION = f"{APP_LABEL}.{PERMISSION_CODENAME}"
#: The largest upload accepted: the core's own limit for a file.
UPLOAD_LIMIT = MAX_BYTES
#: Where an upload waits between preview and confirmation, in Django's default storage.
STORAGE_DIR = "kultursamverkan-imports"
SESSION_KEY = "kultursamverkan_import"
#: How long an unconfirmed preview's upload is kept.
PREVIEW_MAX_AGE = dt.timedelta(days=1)


def import_permission() -> Permission:
    """The permission to use the import view: ``StructurePage.Meta.permissions``, created by ``migrate``."""
    return Permission.objects.get(
        content_type=ContentType.objects.get_for_model(StructurePage), codename=PERMISSION_CODENAME
    )


def can_import(user: Any) -> bool:
    return bool(user and user.is_active and user.has_perm(PERMISSION))


# ------------------------------------------------------------------ uploads


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Reads an upload into memory and stops at ``UPLOAD_LIMIT``: nothing goes to a temporary file."""

    def __init__(self, request: HttpRequest | None = None, limit: int = UPLOAD_LIMIT) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large = False
        self.buffer: io.BytesIO | None = None

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # type: ignore[no-untyped-def]
        # A request much larger than the limit: its file is refused at the first chunk. The
        # form's other fields (CSRF token, parent) come first and are still read.
        self.too_large = content_length > self.limit + 64 * 1024

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        assert self.buffer is not None
        if self.too_large or start + len(raw_data) > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile | None:
        assert self.buffer is not None
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


class ImportPageChooser(AdminPageChooser):
    """Wagtail's page chooser, showing no page (not a 500) when the submitted value is not a page id."""

    def get_instance(self, value: Any) -> Any:
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, OverflowError):
            return None


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Structure file"),
        help_text=_("A kultursamverkan file in YAML, JSON or TOML, at most 5 MiB."),
    )
    parent = forms.ModelChoiceField(
        queryset=Page.objects.filter(depth__gt=1),
        label=_("Import under"),
        help_text=_("The region's index page is created under this page, or updated if it is there."),
        widget=ImportPageChooser(can_choose_root=False),
    )
    locale = forms.ModelChoiceField(
        queryset=Locale.objects.all(),
        label=_("Language of the pages"),
        help_text=_("Translations into the other languages are created as well."),
        required=False,
        empty_label=None,
    )

    def __init__(self, *args: Any, user: Any = None, too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.too_large = too_large
        self.fields["locale"].initial = Locale.get_default().pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > UPLOAD_LIMIT:
            raise forms.ValidationError(self.size_message())
        return upload

    def size_message(self) -> str:
        return str(_("The file is larger than %(size)s MiB.") % {"size": UPLOAD_LIMIT // (1024 * 1024)})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.too_large:
            self.errors.pop("file", None)
            self.add_error("file", self.size_message())
        parent = cleaned.get("parent")
        if parent is not None and self.user is not None and not permissions.may_import_under(self.user, parent):
            self.add_error("parent", _("You may not add pages under this page."))
        return cleaned


# -------------------------------------------------------------------- views


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context = {"page_title": _("Import a structure file"), "header_icon": "upload", **context}
    return TemplateResponse(request, f"wagtail_kultursamverkan/admin/{template}", context, status=status)


def _forbidden(request: HttpRequest, reason: str) -> HttpResponse:
    return _render(request, "forbidden.html", {"reason": reason}, status=403)


def _discard(entry: dict[str, Any] | None) -> None:
    if entry and entry.get("stored") and default_storage.exists(entry["stored"]):
        default_storage.delete(entry["stored"])


def expire_previews(max_age: dt.timedelta = PREVIEW_MAX_AGE) -> int:
    """Delete the stored uploads of previews older than ``max_age``; how many were deleted."""
    cutoff = timezone.now() - max_age
    try:
        _dirs, names = default_storage.listdir(STORAGE_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    deleted = 0
    for name in names:
        stored = f"{STORAGE_DIR}/{name}"
        try:
            if default_storage.get_modified_time(stored) >= cutoff:
                continue
        except (FileNotFoundError, NotImplementedError):
            continue
        default_storage.delete(stored)
        deleted += 1
    return deleted


@csrf_exempt
def import_view(request: HttpRequest) -> HttpResponse:
    """Upload and preview (POST with a file), or confirm (POST with ``confirm``)."""
    if not can_import(request.user):
        # A 403, not Wagtail's redirect to the dashboard that a raised PermissionDenied gives.
        return _forbidden(request, _("You do not have permission to import structure files."))
    handler = MemoryOnlyUploadHandler(request)
    if request.method == "POST":
        # AttributeError: a middleware read the body already, and Django's handlers applied.
        with contextlib.suppress(AttributeError):
            request.upload_handlers = [handler]
    return _import_view(request, handler)


@csrf_protect
def _import_view(request: HttpRequest, handler: MemoryOnlyUploadHandler) -> HttpResponse:
    if request.method != "POST":
        return _render(request, "import.html", {"form": ImportForm(user=request.user)})
    if "confirm" in request.POST or "cancel" in request.POST:
        return _confirm(request)
    form = ImportForm(request.POST, request.FILES, user=request.user, too_large=handler.too_large)
    if not form.is_valid():
        return _render(request, "import.html", {"form": form}, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read(UPLOAD_LIMIT + 1)
    parent = form.cleaned_data["parent"].specific
    locale = form.cleaned_data["locale"] or Locale.get_default()
    try:
        source = importing.read_upload(upload.name, data)
        changes = importing.plan([source], parent, locale, user=request.user, publish=False)
    except importing.ImportFailed as failed:
        return _render(request, "import.html", {"form": form, "problems": failed.problems}, status=400)
    expire_previews()
    token = uuid.uuid4().hex
    stored = default_storage.save(f"{STORAGE_DIR}/{token}", io.BytesIO(data))
    _discard(request.session.get(SESSION_KEY))  # one pending import per session
    request.session[SESSION_KEY] = {
        "token": token,
        "stored": stored,
        "name": source.name,
        "parent": parent.pk,
        "locale": locale.pk,
        "created": time.time(),
    }
    context = {
        "source": source,
        "parent": parent,
        "locale": locale,
        "changes": changes,
        "token": token,
        "counts": {action: sum(1 for c in changes if c.action == action) for action in importing.ACTION_LABELS},
    }
    return _render(request, "import_preview.html", context)


def _confirm(request: HttpRequest) -> HttpResponse:
    entry = request.session.get(SESSION_KEY)
    if not entry or entry.get("token") != request.POST.get("token"):
        messages.error(request, _("That import has expired; upload the file again."))
        return redirect("wagtail_kultursamverkan_import")
    request.session.pop(SESSION_KEY, None)
    if time.time() - float(entry.get("created") or 0) > PREVIEW_MAX_AGE.total_seconds():
        _discard(entry)
        messages.error(request, _("That import has expired; upload the file again."))
        return redirect("wagtail_kultursamverkan_import")
    if "cancel" in request.POST:
        _discard(entry)
        messages.info(request, _("Import cancelled; nothing was written."))
        return redirect("wagtail_kultursamverkan_import")
    try:
        with default_storage.open(entry["stored"], "rb") as handle:
            data = handle.read(UPLOAD_LIMIT + 1)
    except OSError:
        messages.error(request, _("That import has expired; upload the file again."))
        return redirect("wagtail_kultursamverkan_import")
    finally:
        _discard(entry)
    parent = Page.objects.filter(pk=entry["parent"]).first()
    locale = Locale.objects.filter(pk=entry["locale"]).first()
    if parent is None or locale is None or not permissions.may_import_under(request.user, parent):
        return _forbidden(request, _("You may not add pages under this page."))
    try:
        source = importing.read_upload(entry["name"], data)
        result = importing.run([source], parent.specific, locale, publish=False, user=request.user)
    except importing.ImportFailed as failed:
        form = ImportForm(user=request.user)
        return _render(request, "import.html", {"form": form, "problems": failed.problems}, status=400)
    created = result.count(importing.CREATE)
    updated = result.count(importing.UPDATE)
    messages.success(
        request,
        _("Imported %(file)s: %(created)s created, %(updated)s updated, as drafts.")
        % {"file": source.name, "created": created, "updated": updated},
    )
    deleted = result.count(importing.DELETE)
    if deleted:
        messages.warning(
            request,
            ngettext(
                "%(count)s page that the file no longer has will be deleted when its structure page is published.",
                "%(count)s pages that the file no longer has will be deleted when their structure page is published.",
                deleted,
            )
            % {"count": deleted},
        )
    region = result.pages[0] if result.pages else parent
    return redirect("wagtailadmin_explore", region.pk)

"""Who may see what (DESIGN.md, Access): the sign-in gate, roles, the audit trail and safe defaults.

``layout.page_setup`` calls :func:`gate` first on every page; the actions themselves (opening files in
dashboard/state.py, uploads, exports, Compare, policy edits) call :func:`require_now` or draw their buttons
through :func:`download_button` / :func:`file_uploader`, so a role's limit holds even when a button is reached
another way. :func:`settings_for` is the operator's settings as a role may use them (pickers and loaders read it).
"""

from dashboard.access.exposure import loopback, warn_if_exposed
from dashboard.access.roles import (
    COMPARE,
    EDIT_POLICY,
    EXPORT_REPORT,
    EXPORT_ROWS,
    EXPORT_VERDICT,
    LOCAL,
    MONITOR,
    NOBODY,
    OPEN_SERVER_FILES,
    ROLES,
    UPLOAD,
    UPLOAD_PICKLE,
    VIEW,
    Person,
    Refused,
    may,
    read_roles,
    require,
    role_of,
    settings_for,
)
from dashboard.access.signin import (
    configured,
    current,
    download_button,
    edited_policy,
    file_uploader,
    gate,
    record,
    require_now,
    signed_in_line,
)

__all__ = ["COMPARE", "EDIT_POLICY", "EXPORT_REPORT", "EXPORT_ROWS", "EXPORT_VERDICT", "LOCAL", "MONITOR", "NOBODY",
           "OPEN_SERVER_FILES", "ROLES", "UPLOAD", "UPLOAD_PICKLE", "VIEW", "Person", "Refused", "configured",
           "current", "download_button", "edited_policy", "file_uploader", "gate", "loopback", "may", "read_roles",
           "record", "require", "require_now", "role_of", "settings_for", "signed_in_line", "warn_if_exposed"]

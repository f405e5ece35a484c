"""Who may see what (DESIGN.md, Access): the sign-in gate, roles, the audit trail and safe defaults.

``layout.page_setup`` calls :func:`gate` first on every page; the actions themselves (opening files in
dashboard/state.py, uploads, exports, Compare, policy edits) call :func:`require_now` or draw their buttons
through :func:`download_button`, so a role's limit holds even when a button is reached another way.
dashboard.access.picker (what a role may open in the sidebar) is imported by the layout only: it needs
dashboard.state, which itself asks this package.
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
)
from dashboard.access.signin import (
    configured,
    current,
    download_button,
    edited_policy,
    gate,
    record,
    require_now,
    signed_in_line,
)

__all__ = ["COMPARE", "EDIT_POLICY", "EXPORT_REPORT", "EXPORT_ROWS", "EXPORT_VERDICT", "LOCAL", "MONITOR", "NOBODY",
           "OPEN_SERVER_FILES", "ROLES", "UPLOAD", "UPLOAD_PICKLE", "VIEW", "Person", "Refused", "configured",
           "current", "download_button", "edited_policy", "gate", "loopback", "may", "read_roles", "record",
           "require", "require_now", "role_of", "signed_in_line", "warn_if_exposed"]

"""What the operator chose when starting the server: command-line arguments and environment.

    streamlit run app.py -- --model M --data D [--target T] [--model-dir DIR]
                            [--allow-pickle-upload] [--trusted-type TYPE ...] [--challenger C]
                            [--roles FILE] [--roles-claim CLAIM] [--audit-log FILE] [--audit-mlflow-run ID]

Each flag has an environment variable (TRUSTBOARD_MODEL, TRUSTBOARD_DATA, TRUSTBOARD_TARGET,
TRUSTBOARD_MODEL_DIR, TRUSTBOARD_ALLOW_PICKLE_UPLOAD=1, TRUSTBOARD_TRUSTED_TYPES=a,b,
TRUSTBOARD_CHALLENGER, TRUSTBOARD_ROLES, TRUSTBOARD_ROLES_CLAIM, TRUSTBOARD_AUDIT_LOG,
TRUSTBOARD_AUDIT_MLFLOW_RUN). Only
the operator can point at server files, because joblib/pickle files run code when loaded. The roles
file, roles claim and audit log matter when sign-in is set up ([auth] in secrets.toml; dashboard/access).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    model: Path | None = None
    data: Path | None = None
    target: str | None = None
    model_dir: Path | None = None
    allow_pickle_upload: bool = False
    trusted_types: tuple[str, ...] = ()
    challenger: Path | None = None  # a model file the Compare page offers as the challenger
    roles: Path | None = None  # YAML: e-mail or *@domain -> viewer | analyst | operator
    roles_claim: str | None = None  # or: the ID token's claim that names the role
    audit_log: Path | None = None  # JSON lines: who opened, uploaded, exported what
    audit_mlflow_run: str | None = None  # an MLflow run id the audit lines are mirrored to


def read_settings(argv=None, environ=None) -> Settings:
    """Parse the flags after ``--`` (unknown ones ignored) with environment variables as defaults."""
    environ = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--model", default=environ.get("TRUSTBOARD_MODEL"))
    parser.add_argument("--data", default=environ.get("TRUSTBOARD_DATA"))
    parser.add_argument("--target", default=environ.get("TRUSTBOARD_TARGET"))
    parser.add_argument("--model-dir", default=environ.get("TRUSTBOARD_MODEL_DIR"))
    parser.add_argument("--allow-pickle-upload", action="store_true",
                        default=environ.get("TRUSTBOARD_ALLOW_PICKLE_UPLOAD", "") in ("1", "true", "yes"))
    parser.add_argument("--trusted-type", action="append", dest="trusted_types",
                        default=[t.strip() for t in environ.get("TRUSTBOARD_TRUSTED_TYPES", "").split(",") if t.strip()])
    parser.add_argument("--challenger", default=environ.get("TRUSTBOARD_CHALLENGER"))
    parser.add_argument("--roles", default=environ.get("TRUSTBOARD_ROLES"))
    parser.add_argument("--roles-claim", default=environ.get("TRUSTBOARD_ROLES_CLAIM"))
    parser.add_argument("--audit-log", default=environ.get("TRUSTBOARD_AUDIT_LOG"))
    parser.add_argument("--audit-mlflow-run", default=environ.get("TRUSTBOARD_AUDIT_MLFLOW_RUN"))
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return Settings(
        model=Path(args.model) if args.model else None,
        data=Path(args.data) if args.data else None,
        target=args.target or None,
        model_dir=Path(args.model_dir) if args.model_dir else None,
        allow_pickle_upload=args.allow_pickle_upload,
        trusted_types=tuple(args.trusted_types),
        challenger=Path(args.challenger) if args.challenger else None,
        roles=Path(args.roles) if args.roles else None,
        roles_claim=args.roles_claim or None,
        audit_log=Path(args.audit_log) if args.audit_log else None,
        audit_mlflow_run=args.audit_mlflow_run or None,
    )


def server_files(folder: Path | None, suffixes: tuple[str, ...]) -> list[Path]:
    """Files with these suffixes directly inside the operator's folder, sorted by name."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes)

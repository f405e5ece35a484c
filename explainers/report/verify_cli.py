"""``python -m explainers verify REPORT --model M --data D [--sidecar S] [--policy P] [--champion C]``.

Exit 0 when the report belongs to these inputs, 1 when it does not, 2 on bad input.
"""

from __future__ import annotations

from .verify import verify


def add_parser(commands) -> None:
    parser = commands.add_parser("verify", help="check that a report was made from these model and data files")
    parser.add_argument("report", help="the HTML or JSON report")
    parser.add_argument("--model", required=True, help="the model file the report should come from")
    parser.add_argument("--data", required=True, help="the data file the report should come from")
    parser.add_argument("--sidecar", help="the sidecar it was made with (default: the one beside the model)")
    parser.add_argument("--policy", help="the policy file it was signed with, if any")
    parser.add_argument("--champion", help="the champion's model file (the model you run today), when the report "
                                           "compared one")
    parser.add_argument("--challenger", help="the same flag as --champion (its old name)")


def run(args, say) -> int:
    """Verify, print one line per check and the verdict; 0 when the report belongs, 1 when not."""
    if args.challenger:
        say("note: --challenger is the same flag as --champion (the model you run today).")
    found = verify(args.report, args.model, args.data, sidecar=args.sidecar, policy=args.policy,
                   champion=args.champion, challenger=args.challenger)
    for check in found.checks:
        say(line(check))
    say("The report belongs to these inputs." if found.belongs
        else "The report does NOT belong to these inputs (or was changed after it was written).")
    return 0 if found.belongs else 1


def line(check: dict) -> str:
    """One check in words: matches, or what was recorded against what was found."""
    if check["matches"] and check["found"] is None:
        return f"{check['item']}: none recorded, none given"
    if check["matches"]:
        return f"{check['item']}: matches ({_short(check['found'])})"
    return f"{check['item']}: DIFFERS (report records {_short(check['recorded'])}, found {_short(check['found'])})"


def _short(digest) -> str:
    return "none" if digest is None else f"sha256 {digest[:16]}…"

"""An example for every command, shown at the end of its `-h`; and the forms a date to ask about may take."""

from events.periods import WHEN_FORMS

WHEN_HELP = f"WHEN, --from, --to and --known-at take {WHEN_FORMS}; --known-at also takes seq:N."

EXAMPLES: dict[str, list[str]] = {
    "demo": ["stance demo", "stance --db talks.db demo     # keep the store in talks.db"],
    "init": ["stance --db talks.db init"],
    "record": ["stance record --stated-on 2025-11-27 --party russia --issue territory --stance demand \\",
               "  --position 'Ukraine must withdraw from the Donbas.' --source-outlet RksNews"],
    "correct": ["stance correct 3f2a9c1e --set stated_on=2025-11-27 --reason 'The article dates it.'",
                "stance correct 3f2a9c1e --set source.url=https://example.org/a --reason 'The article moved.'",
                "stance correct 3f2a9c1e --set 'tags=talks;nato' --unset quote --reason 'Not verbatim.'"],
    "retract": ["stance retract 3f2a9c1e --reason \"Misattributed: the quote is Peskov's.\""],
    "import": ["stance import statements.jsonl", "stance import statements.csv", "cat lines.jsonl | stance import -",
               "stance --db copy.db import --record backup.jsonl   # restore a record: same digest, same answers"],
    "export": ["stance export --record backup.jsonl   # the record: seq, recorded_at, recorded_by, hash kept",
               "stance export --record --since 80 | stance --db copy.db import --record -",
               "stance export events.jsonl   # the portable import format",
               "stance export --format timelinejs timeline.json"],
    "log": ["stance log --since 80", "stance log -f csv > log.csv"],
    "verify": ["stance verify", "stance verify --digest SEQ:HASH   # the digest a report or an earlier verify printed"],
    "rebuild": ["stance rebuild"],
    "report": ["stance report --format html --out report.html",
               "stance report --party russia --from 2025 --known-at seq:80"],
    "chart": ["stance chart --out timeline.png", "stance chart --by issue --issue territory --out territory.svg"],
    "extract": ["stance extract article.txt --published-on 2025-11-28 --outlet RksNews",
                "stance extract article.txt --published-on 2025-11-28 --outlet RksNews --review"],
    "as-of": ["stance as-of 2025-12-31", "stance as-of 2025-03 --party russia --issue territory",
              "stance as-of today --known-at yesterday   # as the record stood at the end of yesterday",
              "stance as-of 2025 -f csv > positions.csv"],
    "timeline": ["stance timeline --from 2025 --to 2025-06 --issue ceasefire"],
    "history": ["stance history russia territory", "stance history ukraine -f csv > ukraine.csv"],
    "shifts": ["stance shifts --party ukraine", "stance shifts --from 2025 -f markdown"],
    "diff": ["stance diff 2023-06 2025-12", "stance diff yesterday today"],
    "show": ["stance show 3f2a9c1e"],
    "parties": ["stance parties"],
    "issues": ["stance issues -f csv"],
    "speakers": ["stance speakers"],
    "search": ["stance search 'security guarantees'", "stance search '\"line of contact\" ceasefire' --as-of 2025",
               "stance search guarantees --party ukraine --known-at seq:80 -f json"],
    "serve": ["stance --db talks.db serve            # then open http://127.0.0.1:8765/",
              "stance --db talks.db serve --port 9000"],
    "completion": ["stance completion bash --install", "eval \"$(stance completion zsh)\""],
    "upgrade": ["stance --db postgresql+psycopg://user@host/talks db upgrade"],
    "current": ["stance db current"],
    "party": ["stance register party russia --name Russia"],
    "issue": ["stance register issue territory --title Territory --description 'Who holds which land.'"],
    "speaker": ["stance register speaker 'Dmitry Peskov' --alias Peskov --party russia \\",
                "  --role 'Kremlin spokesperson' --from 2012"],
}
# Commands whose help says which forms a date may take.
TAKES_DATES = {"as-of", "timeline", "history", "shifts", "diff", "show", "log", "parties", "issues", "speakers",
               "report", "chart", "search"}


def epilog(name: str) -> str | None:
    """The text under a command's options: its examples, kept as written (click's `\\b` stops rewrapping)."""
    lines = EXAMPLES.get(name)
    if not lines:
        return None
    text = "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)
    if name in TAKES_DATES:
        text += "\n\n" + WHEN_HELP
    return text

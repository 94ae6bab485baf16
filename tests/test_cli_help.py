"""Help people find their way: an example under every command, whole descriptions, one-line errors with hints,
`today` and `yesterday`, shell completion; and output that does not depend on the terminal it is printed in."""

from datetime import date

import pytest
import typer
from cli_helpers import SAMPLE, Stance
from typer.testing import CliRunner

from cli.main import app
from events.periods import NotADate, parse_known_at, parse_when


def _commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    names = []
    for name, command in root.commands.items():
        if hasattr(command, "commands"):
            names += [[name, sub] for sub in command.commands]
        else:
            names.append([name])
    return names


@pytest.fixture(scope="module")
def stance(tmp_path_factory) -> Stance:
    stance = Stance(str(tmp_path_factory.mktemp("help") / "stance.db"))
    stance("import", str(SAMPLE))
    return stance


@pytest.mark.parametrize("words", _commands(), ids=" ".join)
def test_every_command_has_an_example(words):
    out = CliRunner().invoke(app, [*words, "-h"]).stdout
    examples = out.split("\n  Examples:\n", 1)[1]
    assert examples.startswith("    stance ")


def test_main_help_names_every_command_uncut():
    out = CliRunner().invoke(app, ["-h"]).stdout
    commands = out.split("Commands:\n", 1)[1]
    assert "..." not in commands
    assert "  as-of       Each party's position on each issue as of WHEN: the last statement\n" \
           "              made by then.\n" in commands
    assert "  completion  Print the completion script for SHELL" in commands


def test_as_of_help_lists_the_forms_of_when():
    out = " ".join(CliRunner().invoke(app, ["as-of", "-h"]).stdout.split())
    assert ("WHEN, --from, --to and --known-at take YYYY, YYYY-MM, YYYY-MM-DD, an ISO 8601 date-time with offset, "
            "today or yesterday (UTC); --known-at also takes seq:N.") in out


@pytest.mark.parametrize("args, message", [
    (["asof", "2025"], "error: No such command 'asof'. Did you mean 'as-of'? (see 'stance -h')\n"),
    (["-V"], "error: No such option '-V'; stance --version prints the version (see 'stance -h')\n"),
    (["--install-completion"], "error: No such option '--install-completion'; for shell completion: "
                               "stance completion bash|zsh|fish --install (see 'stance -h')\n"),
    (["as-of", "2025", "--db", "x.db"], "error: No such option '--db'; --db is a global option, so it goes before "
                                         "the command: stance --db FILE as-of … (see 'stance as-of -h')\n"),
    (["db", "upgrade", "--nope"], "error: No such option '--nope'. (see 'stance db upgrade -h')\n"),
])
def test_usage_errors_are_one_line_with_a_hint(args, message, tmp_path):
    result = CliRunner().invoke(app, args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert not (tmp_path / "x.db").exists()


def test_today_and_yesterday_are_utc_days():
    day = date(2026, 3, 1)
    assert parse_when("today", day).text == "2026-03-01"
    assert parse_when("yesterday", day).text == "2026-02-28"
    assert parse_when("2025-11", day).precision == "month"
    assert parse_known_at("yesterday", day) == ("time", parse_when("2026-03-01", day).start)
    with pytest.raises(NotADate):
        parse_known_at("today")  # without the current date, only the stated-date forms


def test_today_and_yesterday_on_the_command_line(stance):
    assert stance("as-of", "today").stdout == stance("as-of", "2099").stdout
    assert stance("diff", "yesterday", "today").stderr == "(no differences between yesterday and today)\n"
    assert stance("as-of", "today", "--known-at", "yesterday", "-f", "json").stdout == "[]\n"


def test_completion_script_and_answers():
    script = CliRunner().invoke(app, ["completion", "bash"]).stdout
    assert "_STANCE_COMPLETE=complete_bash" in script and "complete -o default -F _stance_completion stance" in script
    asked = CliRunner().invoke(app, [], env={"_STANCE_COMPLETE": "complete_bash", "COMP_WORDS": "stance as",
                                             "COMP_CWORD": "1"}, prog_name="stance")
    assert asked.stdout == "plain,as-of\n"


@pytest.mark.parametrize("env", [{"COLUMNS": "100"}, {"COLUMNS": "37", "LINES": "5"},
                                 {"COLUMNS": "250", "FORCE_COLOR": "1", "TERM": "xterm-256color"}])
def test_outputs_do_not_depend_on_the_terminal(stance, env, tmp_path):
    """The same bytes whatever COLUMNS or colour the terminal asks for: rich never formats an error here."""
    plain, dressed = CliRunner(), CliRunner(env=env)
    for args in (["chart", "--out", str(tmp_path / "c.pdf")], ["as-of", "2025"], ["shifts"], ["as-of", "x"],
                 ["-h"], ["as-of", "-h"]):
        a = plain.invoke(app, ["--db", stance.db, *args])
        b = dressed.invoke(app, ["--db", stance.db, *args])
        assert (b.exit_code, b.stdout, b.stderr) == (a.exit_code, a.stdout, a.stderr), args
    refused = dressed.invoke(app, ["--db", stance.db, "chart", "--out", str(tmp_path / "c.pdf")])
    assert refused.stderr.count("\n") == 1 and "must end in .svg or .png" in refused.stderr


@pytest.mark.parametrize("args", [[], ["db"]])
def test_no_command_prints_the_help(args):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and result.stderr == ""
    assert result.stdout.startswith(f"Usage: stance {'db ' if args else ''}[OPTIONS] COMMAND [ARGS]...\n")

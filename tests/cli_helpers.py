"""Running `stance` in-process, as a user would type it, against a store of the test's own."""

from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

SAMPLE = Path(__file__).parent / "data" / "sample.jsonl"


class Stance:
    """`stance` bound to one store: `stance("as-of", "2025")` returns the result after checking the exit code."""

    def __init__(self, db: str):
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None, code: int = 0, db: bool = True):
        result = self.runner.invoke(app, (["--db", self.db] if db else []) + list(args), input=input)
        assert result.exit_code == code, f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        return result

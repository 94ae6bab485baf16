"""`.ci/run` runs the README's test command word for word: it reads it from README.md, so the two cannot drift."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).parent.parent


def _readme_commands() -> list[str]:
    block = re.search(r"^```sh\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"), re.M | re.S)
    return block[1].splitlines()


def test_readme_starts_with_the_demo_then_the_tests():
    demo, tests = _readme_commands()
    assert demo.endswith(".venv/bin/stance demo")
    assert tests.endswith(".venv/bin/python -m pytest")


def test_ci_takes_its_test_command_from_the_readme():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    line = next(line for line in script.splitlines() if line.startswith("TEST_COMMAND="))
    extract = line.removeprefix('TEST_COMMAND="$(').removesuffix(')"')
    found = subprocess.run(["bash", "-c", extract], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert found == _readme_commands()[1] + "\n"
    assert 'bash -euo pipefail -c "$TEST_COMMAND"' in script

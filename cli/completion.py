"""`stance completion SHELL`: tab completion of commands, options and choices for bash, zsh or fish."""

from enum import StrEnum
from typing import Annotated

import typer

from cli.options import say

COMPLETE_VAR = "_STANCE_COMPLETE"  # the variable the completion script sets when it asks `stance` for words


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def completion(
    shell: Annotated[Shell, typer.Argument(metavar="SHELL", case_sensitive=False)],
    install: Annotated[bool, typer.Option("--install", help="Add it to the shell's start-up files instead of "
                                          "printing it (~/.bashrc, ~/.zshrc, ~/.config/fish/completions).")] = False,
) -> None:
    """Print the completion script for SHELL (bash, zsh or fish), or install it with --install."""
    from typer._completion_shared import get_completion_script
    from typer._completion_shared import install as install_script

    if not install:
        typer.echo(get_completion_script(prog_name="stance", complete_var=COMPLETE_VAR, shell=shell.value))
        return
    _, path = install_script(shell=shell.value, prog_name="stance", complete_var=COMPLETE_VAR)
    say(f"{shell.value} completion installed in {path}; it works in shells started from now on")

"""The command line: parses options, hands work to the commands, turns failures into one line and an exit code."""

from __future__ import annotations

import importlib
import os
import signal
import sys

import typer
from typer import Abort

try:  # newer Typer vendors Click
    from typer._click.exceptions import ClickException, UsageError
except ImportError:  # pragma: no cover - older Typer with Click installed beside it
    # Click's own classes of those names, which the installed Typer's types do not know
    from click.exceptions import ClickException, UsageError  # type: ignore[assignment]

from merit.env import Environment, Exit, set_debugging
from merit.env import UsageError as CommandUsageError
from merit.output import OutputError, full_disk

EXIT_CODES = """\
Exit codes: 0 every applicant x class screened is eligible or conditional;
1 at least one is review or ineligible (--exit-zero makes it 0);
2 a usage or input error (bad option, unknown class, unreadable or invalid file);
130 interrupted (Ctrl-C); 143 or 129 stopped by SIGTERM or SIGHUP, with no file
left half written. A reader that stops early (| head) ends merit quietly.
"""

COMMANDS = ("screen", "compare", "classes", "show", "validate", "schema", "test", "summary", "report", "review", "notice", "import")


def build_app(only: str | None = None) -> typer.Typer:
    """The app with every command, or with ``only`` the one about to run (building the others costs start-up)."""
    app = typer.Typer(
        name="merit",
        help="Screen civil-service applicants against class specifications, and explain every decision.",
        epilog=EXIT_CODES,
        no_args_is_help=True,
        # --install-completion and --show-completion belong to `merit` alone (0.1 ms a run to build)
        add_completion=only not in COMMANDS,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def merit(
        version: bool = typer.Option(
            False, "--version", is_eager=True, callback=_print_version, help="Print merit's version and exit."
        ),
    ) -> None:
        """Screen civil-service applicants against class specifications, and explain every decision."""

    for name in (only,) if only in COMMANDS else COMMANDS:
        try:
            module = importlib.import_module(f"merit.commands.{name}_cli")
        except ModuleNotFoundError as err:
            if err.name != f"merit.commands.{name}_cli":
                raise
            continue
        module.register(app)
    for info in app.registered_commands:
        if info.callback is not None:  # every command of merit's has one
            info.callback = _exit_with_result(info.callback, info.name or info.callback.__name__)
    return app


def _print_version(value: bool) -> None:
    if value:
        from merit import __version__

        print(f"merit {__version__}")
        raise typer.Exit()


def _exit_with_result(callback, name: str):
    """Commands return their exit code, or raise UsageError; both become typer.Exit, which holds in every
    mode (CliRunner too), and a usage error its one line."""
    import functools

    @functools.wraps(callback)
    def run(*args, **kwargs):
        try:
            code = callback(*args, **kwargs)
        except BrokenPipeError:
            _end_of_reader()
        except CommandUsageError as err:
            Environment().error(f"merit {name}: error: {err}")
            code = Exit.ERROR
        if code:
            raise typer.Exit(int(code))
        return code

    return run


def cli() -> None:
    """The command's entry point (the merit script and python -m merit): main(), then the process ends
    at once with its code. Everything merit writes is flushed or closed by then, and its --jobs pool
    stopped; what is skipped is the interpreter tidying every object it made (the catalogue, Typer's
    and Rich's modules), which took 12 ms of a 76 ms run of one applicant."""
    code: str | int | None
    try:
        main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader gone away, a stream closed: nothing left to say
            pass
    os._exit(code)


def main(argv: list[str] | None = None) -> None:
    _default_sigpipe()
    _stop_cleanly_on_signals()
    env = Environment()
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    set_debugging(debug)
    if debug:
        argv = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--debug"]
    args = list(argv if argv is not None else sys.argv[1:])
    command = f"merit {args[0]}" if args and args[0] in COMMANDS else "merit"
    try:
        code = build_app(args[0] if args else None)(args=args, prog_name="merit", standalone_mode=False)
        if code == Exit.INTERRUPTED:  # Typer turns Ctrl-C (and so SIGTERM, SIGHUP) into this code without a word
            code = _interrupted(env)
    except UsageError as err:
        if type(err).__name__ == "NoArgsIsHelpError":  # a bare `merit`: the help, then exit 2
            print(err.format_message(), file=env.stdout)
            sys.exit(Exit.ERROR)
        where = f"merit {err.ctx.info_name}" if err.ctx and err.ctx.info_name != "merit" else "merit"
        env.error(f"{where}: error: {_lower_first(err.format_message().rstrip('.'))} (see {where} --help)")
        code = Exit.ERROR
    except ClickException as err:
        env.error(f"{command}: error: {_lower_first(err.format_message().rstrip('.'))}")
        code = err.exit_code
    except OutputError as err:
        env.error(f"{command}: error: {err}")
        code = Exit.ERROR
    except (KeyboardInterrupt, Abort):
        code = _interrupted(env)
    except BrokenPipeError:
        _quiet_pipe()
        code = Exit.OK
    except Exception as err:  # noqa: BLE001 - the last guard: one line, never a traceback
        if debug:
            raise
        if full_disk(err):  # standard output on a full disk (> /dev/full, ulimit -f): the user's disk, not a fault
            env.error(f"{command}: error: cannot write the output: {err.strerror} (expected room for it on its disk)")
        else:
            env.error(f"merit: internal error: {type(err).__name__}: {err} (run with --debug for the traceback)")
        code = Exit.ERROR
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_pipe()
    sys.exit(int(code or 0))


_stopped_by: int | None = None  # the signal that ended the run, other than Ctrl-C


def _stop_cleanly_on_signals() -> None:
    """SIGTERM and SIGHUP end the run as Ctrl-C does: they raise KeyboardInterrupt where the program
    is, so every cleanup runs (no temporary output file, no worker, no spill directory is left),
    and the exit status is 128 + the signal's number, as a shell reports a signal."""

    def stop(signum, frame):
        global _stopped_by
        if _stopped_by is None:
            _stopped_by = signum
            for other in _STOPPING:  # the cleanup itself is not cut short by a second signal
                signal.signal(other, signal.SIG_IGN)
            raise KeyboardInterrupt

    global _stopped_by
    _stopped_by = None
    for signum in _STOPPING:
        try:
            signal.signal(signum, stop)
        except (ValueError, OSError):  # not the main thread (merit.app.main called from a thread)
            pass


_STOPPING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _interrupted(env: Environment) -> int:
    if _stopped_by is None:
        env.error("merit: interrupted")
        return Exit.INTERRUPTED
    env.error(f"merit: interrupted by {signal.Signals(_stopped_by).name}")
    return 128 + _stopped_by


def _lower_first(message: str) -> str:
    """Click's messages start with a capital ('Invalid value for ...'); ours, like most tools', do not."""
    return message[:1].lower() + message[1:] if message[:2] != message[:2].upper() else message


def _default_sigpipe() -> None:
    """When the reader goes away (| head), end at once and quietly, as Unix tools do.

    Python turns SIGPIPE into BrokenPipeError, which Click would turn into exit
    status 1 ("some review or ineligible"); the default action ends the process
    silently instead, and the shell sees 141.
    """
    if hasattr(signal, "SIGPIPE"):
        try:
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        except (ValueError, OSError):  # not the main thread
            pass


def _end_of_reader() -> None:
    """The reader went away while SIGPIPE was ignored (merit --jobs does, to clean up on the way out):
    end as the default SIGPIPE action would have ended it at once (the shell sees 141, not Typer's 1)."""
    _quiet_pipe()
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
    raise BrokenPipeError


def _quiet_pipe() -> None:
    """The reader went away (| head): stop without 'Broken pipe' noise."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass

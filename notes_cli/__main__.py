"""The `notes` command. `notes --version` answers before anything else is imported; the rest goes to cli."""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        print(f"notes {__version__}")
        return
    from .cli import main as run

    run()


if __name__ == "__main__":
    main()

"""Prints the drift corpus's precision and recall at the end of the run (README, "When an article changes")."""

from drift_corpus import FIGURES


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    figures = config.stash.get(FIGURES, None)
    if not figures:
        return
    terminalreporter.section("drift corpus: moving a note to the passage its quote has become")
    for line in figures["lines"]:
        terminalreporter.write_line(line)

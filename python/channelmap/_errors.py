"""channelmap's exceptions: one per stage of the analysis, each with the file and the reason."""


class Error(Exception):
    """An error about one input: ``file``, ``block`` (CIF data block, "" if none), ``stage``
    (where it failed: "read", "symmetry", "analysis", "usage", ...) and ``reason``."""

    def __init__(self, file="", block="", stage="", reason=""):
        super().__init__(file, block, stage, reason)  # the args: pickled errors keep them all
        self.file = file
        self.block = block
        self.stage = stage
        self.reason = reason

    def __str__(self):
        where = self.file + ("#" + self.block if self.block else "")
        return f"{where}: {self.reason}" if where else self.reason


class ReadError(Error):
    """The input could not be read as a structure (syntax, missing cell, overlapping atoms,
    unknown element, ...)."""


class AnalysisError(Error):
    """The structure was read but its analysis failed."""


class UsageError(Error, ValueError):
    """The call itself is wrong: invalid options, an output that exists, no input files."""


def error_class(stage):
    """The exception class for an error of ``stage``."""
    if stage == "read" or stage == "input":
        return ReadError
    if stage == "usage":
        return UsageError
    return AnalysisError

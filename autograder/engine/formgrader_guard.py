"""A Jupyter server extension: nbgrader's formgrader refuses to act on a broken nbgrader_config.py.

nbgrader's formgrader loads ``nbgrader_config.py`` (from the server's working folder) when the
server starts and again on every request; when the file raises, nbgrader only logs the exception
and goes on, with its defaults (a server started on a broken file) or with what it loaded before.
Its Autograde button would then grade without the course's preprocessors: no hidden checks, no
sandbox.

``./course lab`` enables this extension (``autograder.commands.lab``). Before every formgrader
request that uses nbgrader's API, it loads the file strictly, as ``./course grade`` does
(``load_config_strictly``). When that fails, the request is refused and says why: an action
(autograde, generate feedback, generate an assignment, ...) answers ``{"success": false,
"error": reason}``, which the formgrader shows in its error dialog; its pages answer HTTP 503
with the reason. The server log says why too, at ERROR level, already when the server starts.
"""
import os
from pathlib import Path

from tornado import web

REFUSED = "the formgrader refuses to act: {error}. Fix nbgrader_config.py (./course grade says the same)."


def course_config_error(root):
    """The reason ``root/nbgrader_config.py`` cannot be used for grading, or None if it can."""
    from ..commands.grade import GradingConfigError, load_config_strictly

    try:
        load_config_strictly(root)
    except GradingConfigError as error:
        return str(error)
    return None


class RefusedActions:
    """Stands in for nbgrader's API on a POST: every action answers failure with ``reason``."""

    def __init__(self, reason):
        self.reason = reason

    def __getattr__(self, name):
        def refuse(*args, **kwargs):
            return {"success": False, "error": self.reason, "log": self.reason}

        return refuse


def guarded_api(original):
    """A replacement for the formgrader handlers' ``api`` property that checks the config first."""

    def api(handler):
        error = course_config_error(Path(os.getcwd()))  # where nbgrader itself looks
        if error is None:
            return original.fget(handler)
        reason = REFUSED.format(error=error)
        handler.log.error(reason)
        if handler.request.method == "POST":
            return RefusedActions(reason)
        raise web.HTTPError(503, reason)  # not 500: nbgrader shows its own page for 500, without the reason

    api.guarded = True
    return property(api)


def _jupyter_server_extension_points():
    return [{"module": __name__}]


def _load_jupyter_server_extension(serverapp):
    from nbgrader.server_extensions.formgrader import base

    if not getattr(base.BaseHandler.api.fget, "guarded", False):
        base.BaseHandler.api = guarded_api(base.BaseHandler.api)
    error = course_config_error(Path(os.getcwd()))
    if error:
        serverapp.log.error(REFUSED.format(error=error))
    else:
        serverapp.log.info("formgrader guard: nbgrader_config.py loads strictly; the formgrader grades with it")

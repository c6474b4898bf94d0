"""The feedback page a student reads: nbgrader's, through its own extension points.

``nbgrader_config.py`` points ``GenerateFeedback``'s HTML exporter at ``templates/feedback/``
(``course.html.j2`` extends nbgrader's feedback template) and adds ``FeedbackPage`` to
``GenerateFeedback.preprocessors``. Together they give a page that:

- typesets its formulas offline: a MathJax 3 copy (from the ``django-static-mathjax`` package, the
  files MathJax publishes) travels inside the page, gzipped, so the page works from a file, an
  e-mail or nbgrader's exchange (which copies the HTML file alone), with no network;
- wraps failure messages (a check's "Hint:" is never cut off at the right edge);
- names each graded function in its table of contents;
- shows no path of the grading machine: absolute paths in outputs become relative to the course
  (``utils/checks.py``), or to the Python installation (``numpy/...``);
- gives figures an alt text (nbconvert would log "Alternative text is missing" for every page);
- costs little to make (``FeedbackHTMLExporter``): nbconvert's HTML exporter re-parses every page
  with BeautifulSoup only to add alt texts and ``tabindex`` attributes (1.1 s of a 04_dropout
  page's 1.5 s), and compiles its templates again for each page.
"""
import base64
import functools
import gzip
import importlib.resources
import importlib.util
import os
import re
import site
import sys
import sysconfig
from pathlib import Path

from jinja2 import BytecodeCache
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import Preprocessor
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Bool, List, Unicode

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE_CSS = TEMPLATES / "feedback" / "course.css"
MATHJAX_FILE = ("mathjax", "static/mathjax/es5/tex-svg.js")  # SVG output: no font files to fetch


@functools.lru_cache(maxsize=1)
def packed_mathjax():
    """MathJax's ``tex-svg.js`` gzipped and base64-encoded (about 0.9 MB instead of 2.1 MB).

    ``mtime=0``: the same bytes every time, so a regraded page differs only where the grading does."""
    package, name = MATHJAX_FILE
    script = importlib.resources.files(package).joinpath(name).read_bytes()
    return base64.b64encode(gzip.compress(script, compresslevel=9, mtime=0)).decode("ascii")


def nbgrader_templates():
    """nbgrader's own template folder (its ``feedback/`` template is the one we extend)."""
    import nbgrader

    return Path(nbgrader.__file__).resolve().parent / "server_extensions" / "formgrader" / "templates"


def machine_prefixes(course_root):
    """(absolute folder, what replaces it), longest first: the folders whose paths a traceback or a
    warning may show. Python's own folders go before the course, which may hold the venv."""
    python = {sysconfig.get_paths()[key] for key in ("purelib", "platlib", "stdlib", "platstdlib")}
    python |= set(site.getsitepackages()) | {site.getusersitepackages()}
    pairs = [(folder, "") for folder in python]
    pairs += [(str(course_root), ""), (str(Path(__file__).resolve().parents[2]), "")]
    spec = importlib.util.find_spec("utils")  # where students' kernels import it from (not imported here)
    if spec and spec.origin:
        pairs.append((str(Path(spec.origin).resolve().parents[1]), ""))
    pairs += [(sys.prefix, "python"), (str(Path.home()), "~")]
    real = [(os.path.realpath(folder), by) for folder, by in pairs]
    unique = {folder.rstrip("/") + "/": by for folder, by in pairs + real if folder and folder != "/"}
    return sorted(unique.items(), key=lambda pair: len(pair[0]), reverse=True)


# The course's own folders: any absolute path leading to one of them loses that lead (the kernel may
# import utils from another checkout than the grading process's, e.g. an editable install).
COURSE_FOLDERS = ("utils", "autograder", "source", "release", "notebooks", "submitted", "autograded", "feedback")
LEAD_TO_COURSE_FOLDER = re.compile(r"(^|[\s'\"(=\[]|\x1b\[[0-9;]*m)(?:/[^/\s'\"<>:]+)+?/(?=(?:%s)/)"
                                   % "|".join(COURSE_FOLDERS), re.M)  # after a space, quote or colour code


def without_machine_paths(text, prefixes):
    """``text`` with every absolute folder of ``prefixes`` replaced (``/x/course/utils/a.py`` -> ``utils/a.py``),
    then any absolute path into one of the course's folders made relative to it."""
    for folder, by in prefixes:
        text = text.replace(folder, f"{by}/" if by else "")
    return LEAD_TO_COURSE_FOLDER.sub(r"\1", text)


FIGURE_ALT = "A figure drawn by this cell"


def _clean_output(output, prefixes):
    if output.output_type == "stream":
        output.text = without_machine_paths(output.text, prefixes)
    elif output.output_type == "error":
        output.traceback = [without_machine_paths(line, prefixes) for line in output.traceback]
        output.evalue = without_machine_paths(output.evalue, prefixes)
    elif "text/plain" in output.get("data", {}):
        output.data["text/plain"] = without_machine_paths(output.data["text/plain"], prefixes)
    for kind in ("image/png", "image/jpeg"):
        if kind in output.get("data", {}):
            # nbconvert gives an image without one a placeholder alt text, and logs a warning per page.
            output.setdefault("metadata", {}).setdefault(kind, {}).setdefault("alt", FIGURE_ALT)


class FeedbackPage(Preprocessor):
    """Prepare the feedback page: course paths in outputs, the page's CSS, the offline MathJax."""

    enabled = Bool(True).tag(config=True)
    course_root = Unicode(help="the course directory (paths under it are shown relative to it)").tag(config=True)

    def preprocess(self, nb, resources):
        prefixes = machine_prefixes(self.course_root or Path.cwd())
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                _clean_output(output, prefixes)
        resources.setdefault("inlining", {}).setdefault("css", []).append(PAGE_CSS.read_text())
        resources["course_mathjax"] = packed_mathjax()
        return nb, resources


class FeedbackClearHiddenTests(ClearHiddenTests):
    """nbgrader's ClearHiddenTests, for the feedback exporter, without a false alarm.

    nbconvert's HTML exporter configures ``NbConvertBase.display_data_priority`` for every
    preprocessor under it; nbgrader's preprocessors redeclare that trait without ``config=True``,
    so each page logged "Config option `display_data_priority` not recognized". Declared
    configurable again here, the exporter's value is simply accepted (and unused: this preprocessor
    removes hidden tests, it shows no output)."""

    display_data_priority = List(NbGraderPreprocessor.class_traits()["display_data_priority"].default()
                                 ).tag(config=True)


class _CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept in memory for the life of the process: a grading worker
    makes one exporter per feedback page, and each would compile the same templates again."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()
# What nbconvert's HTMLExporter adds with BeautifulSoup after rendering: keyboard focus on each
# cell's input and each output (under .jp-Notebook, which every cell of this template is), and an
# alt text on an image that has none (FeedbackPage already gives figures theirs).
_FOCUSABLE = re.compile(r'<div class="((?:[^"]* )?(?:jp-Cell-inputWrapper|jp-OutputArea-output)(?: [^"]*)?)"'
                        r'(?![^>]*\btabindex=)')
_IMAGE_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)(?=[\s>/])")


_HIGHLIGHT_LIMIT = 5000  # highlighted cells kept per process


class _RememberedHighlight(Highlight2HTML):
    """nbconvert's code highlighting, remembered per process: most cells of a page (the lesson's
    code, the locked test cells) are the same for every student of a class."""

    _highlighted = {}  # (source, language, magics language, formatter options) -> HTML

    def __call__(self, source, language=None, metadata=None):
        key = (source, language or self.pygments_lexer, (metadata or {}).get("magics_language"),
               repr(sorted(self.extra_formatter_options.items())))
        if key not in self._highlighted:
            if len(self._highlighted) >= _HIGHLIGHT_LIMIT:
                self._highlighted.clear()
            self._highlighted[key] = super().__call__(source, language, metadata)
        return self._highlighted[key]


class FeedbackHTMLExporter(HTMLExporter):
    """nbconvert's HTML exporter for feedback pages, without its BeautifulSoup pass (the same two
    additions, made with patterns on the markup this exporter itself wrote), with templates
    compiled once per process and code highlighted once per process.
    ``GenerateFeedback.exporter_class`` in ``nbgrader_config.py``."""

    def _create_environment(self):
        environment = super()._create_environment()
        environment.bytecode_cache = _COMPILED
        return environment

    def from_notebook_node(self, nb, resources=None, **kw):
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight = self.filters.get("highlight_code", _RememberedHighlight(pygments_lexer=lexer, parent=self))
        self.register_filter("highlight_code", highlight)
        resources = self._init_resources(resources)
        data_types = WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources)
        self.register_filter("filter_data_type", data_types)
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        html = _FOCUSABLE.sub(r'<div class="\1" tabindex="0"', html)
        missing = len(_IMAGE_WITHOUT_ALT.findall(html))
        if missing:
            self.log.warning("Alternative text is missing on %s image(s).", missing)
        html = _IMAGE_WITHOUT_ALT.sub('<img alt="No description has been provided for this image"', html)
        return html, resources

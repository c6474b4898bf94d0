"""nbgrader configuration of the course. The repo root is the course directory.

Grading goes through ``./course grade``, which loads this file strictly first: nbgrader itself only
logs an exception raised here and then grades with its defaults, which would skip the hidden
checks (see autograder/grade.py).
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from nbconvert.preprocessors import (  # noqa: E402
    ClearMetadataPreprocessor,
    CSSHTMLHeaderPreprocessor,
)
from nbgrader.converters import Autograde  # noqa: E402
from nbgrader.preprocessors import (  # noqa: E402
    AssignLatePenalties,
    CheckCellMetadata,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    OverwriteCells,
    SaveAutoGrades,
)

from autograder.engine.feedback import (  # noqa: E402
    TEMPLATES,
    FeedbackClearHiddenTests,
    FeedbackHTMLExporter,
    FeedbackPage,
    nbgrader_templates,
)
from autograder.engine.preprocessors import (  # noqa: E402
    CheckCellMetadataCompiled,
    HiddenChecks,
    HiddenVerdict,
    ResilientExecute,
    RestoreLockedCells,
)

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file

c.CourseDirectory.root = str(ROOT)
c.CourseDirectory.course_id = "improving-deep-neural-networks"
c.CourseDirectory.db_url = f"sqlite:///{ROOT / 'gradebook.db'}"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".DS_Store"]

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

c.Autograde.autograde_preprocessors = [
    HiddenChecks,
    ResilientExecute,
    HiddenVerdict,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadataCompiled,
]
c.ResilientExecute.timeout = 30
# The graded kernel is thrown away: kill it instead of asking it to shut down and waiting for it
# (0.9 s of every submission). Killing its jail's bubblewrap kills everything inside.
c.ResilientExecute.shutdown_kernel = "immediate"
# nbgrader's sanitizing steps, with RestoreLockedCells for OverwriteCells: the same restoring of
# locked cells, a warning only when a student edited one (not for every hidden test removed at release).
# CheckCellMetadataCompiled: nbgrader's CheckCellMetadata, its JSON schema compiled once per process.
_OURS = {OverwriteCells: RestoreLockedCells, CheckCellMetadata: CheckCellMetadataCompiled}
c.Autograde.sanitize_preprocessors = [_OURS.get(p, p)
                                      for p in Autograde.class_traits()["sanitize_preprocessors"].default()]
c.Autograde.create_student = True

# Feedback shows no hidden test code (HiddenChecks already removed it; this is a second guard).
# FeedbackPage and the course's template (autograder/engine/templates/feedback/course.html.j2, which
# extends nbgrader's): formulas typeset offline, wrapped failure messages, a table of contents that
# names the functions, no path of the grading machine. Scoped to GenerateFeedback: the formgrader's
# own HTML exporter keeps its template.
# (One box per printed text: HiddenVerdict already merged consecutive stream outputs at autograde.)
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, FeedbackClearHiddenTests, FeedbackPage]
c.FeedbackPage.course_root = str(ROOT)
c.GenerateFeedback.exporter_class = FeedbackHTMLExporter  # nbconvert's, cheaper (see its docstring)
c.GenerateFeedback.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), str(nbgrader_templates())]
c.GenerateFeedback.HTMLExporter.template_file = "course.html.j2"

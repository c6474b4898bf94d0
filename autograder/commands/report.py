"""What the class got wrong: ``./course report [assignment ...] [--hide-ids]``.

Rebuilds, from the gradebook, grades.csv's status column and the autograded notebooks (never by
grading again), for each assignment ``reports/<assignment>.html`` and a short text version:
- the score histogram, and the pass rate of every graded function, in notebook order;
- for each function, the mistakes its hidden check recognised (``<function>/<mistake>``, listed
  in the topic's ``MISTAKES``), by how many students made them, each with its description, an
  example message, its hint and the students' ids; then the failures no check named
  ("unrecognised") and the untouched stubs;
- the submissions that could not be graded (with grades.csv's reason), and those whose kernel
  died or timed out in a cell;
- the exercises whose stub was most often left untouched;
and ``reports/course.html``: each student's score per assignment, each assignment's mean and
spread. Pages are self-contained: figures are matplotlib PNGs embedded as base64, no script, no
server, no internet. ``./course grade`` writes the same reports after grading.
"""
import argparse
import base64
import csv
import html
import io
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..engine import hidden, notebooks, paths
from ..engine.preprocessors import VERDICTS_METADATA

KERNEL_PROBLEMS = {"DeadKernelError": "the kernel died while running {where}",
                   "CellTimeoutError": "{where} ran past the time limit (the kernel was restarted)"}
UNTOUCHED = "stub left untouched"


@dataclass
class FunctionResult:
    """One graded function of one assignment, over the graded submissions."""

    function: str
    cell: str  # its test cell's grade_id
    passed: list = field(default_factory=list)  # students with full marks on the test cell
    failed: list = field(default_factory=list)
    mistakes: dict = field(default_factory=dict)  # local mistake -> [students]
    examples: dict = field(default_factory=dict)  # local mistake -> (message, hint) of its first student
    unrecognised: list = field(default_factory=list)  # [(student, message)]
    untouched: list = field(default_factory=list)  # students whose stub raised NotImplementedError

    @property
    def pass_rate(self):
        graded = len(self.passed) + len(self.failed)
        return len(self.passed) / graded if graded else None

    def ranked_mistakes(self):
        """[(mistake, students)], the most frequent first (ties: alphabetical)."""
        return sorted(self.mistakes.items(), key=lambda item: (-len(item[1]), item[0]))


@dataclass
class AssignmentReport:
    assignment: str
    submissions: list  # every student with a submission folder
    totals: dict  # graded student -> total score
    maximum: float
    functions: list  # [FunctionResult] in notebook order
    not_graded: dict  # student -> reason
    kernel_problems: dict  # student -> [what happened, in which cell]
    descriptions: dict  # function -> {mistake: description} (the topic's MISTAKES)

    def untouched_ranking(self):
        """[(function, students)] of the stubs left untouched, the most often first."""
        ranked = [(f.function, f.untouched) for f in self.functions if f.untouched]
        return sorted(ranked, key=lambda item: -len(item[1]))


# -- reading what grading left ----------------------------------------------------------------------
def status_reasons(root, assignment):
    """{student: reason} of the submissions grades.csv marks "not graded: <reason>"."""
    path = Path(root) / "grades.csv"
    if not path.exists():
        return {}
    with open(path, newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("assignment") == assignment]
    return {row["student_id"]: row["status"].removeprefix("not graded: ") for row in rows
            if (row.get("status") or "").startswith("not graded")}


def test_cells(root, assignment):
    """[(test cell grade_id, [hidden check names])] of the source notebook, in notebook order."""
    nb = notebooks.read(Path(root) / "source" / assignment / f"{assignment}.ipynb")
    return [(notebooks.grade_id(c), notebooks.hidden_check_names(c.source)) for c in nb.cells if notebooks.is_test(c)]


def graded_notebook(root, assignment, student):
    return Path(root) / "autograded" / student / assignment / f"{assignment}.ipynb"


def recorded_verdicts(nb):
    """{check name: verdict record} that HiddenVerdict kept in the test cells' metadata."""
    found = {}
    for cell in nb.cells:
        if notebooks.is_test(cell):
            found.update(cell.metadata.get(VERDICTS_METADATA, {}))
    return found


def kernel_problems(nb):
    """[what happened in which cell] for each cell where the kernel died or timed out."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = notebooks.grade_id(cell) or f"cell {index + 1} (not graded)"
        for output in cell.get("outputs", []):
            text = output.get("ename") if output.output_type == "error" else output.get("text", "")
            for name, what in KERNEL_PROBLEMS.items():
                if text == name or (output.output_type == "stream" and f"{name}:" in text):
                    problems.append(what.format(where=where))
    return list(dict.fromkeys(problems))


def failure_message(nb, cell_id):
    """The error a failed test cell shows, when no verdict was recorded (a notebook graded before
    verdicts were kept, or a test cell without hidden checks)."""
    for cell in nb.cells:
        if notebooks.grade_id(cell) == cell_id:
            errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
            if errors:
                return f"{errors[-1].get('ename')}: {errors[-1].get('evalue')}"
    return "scored zero (no error recorded)"


def build(root, assignment, students=None):
    """The AssignmentReport of ``assignment`` from what grading left in the course ``root``."""
    from .grade import scores, submitted_assignments

    root = Path(root)
    students = sorted(students if students is not None else submitted_assignments(root).get(assignment, []))
    table = scores(root, assignment, students)
    reasons = status_reasons(root, assignment)
    cells = test_cells(root, assignment)
    functions = [FunctionResult(names[0] if names else cell.removeprefix("test_"), cell) for cell, names in cells]
    totals, problems, not_graded, maximum = {}, {}, {}, 0.0
    for student in students:
        row = table.get(student)
        if row is None:
            not_graded[student] = reasons.get(student) or "not graded (see the grading log in build/grading-logs)"
            continue
        nb = notebooks.read(graded_notebook(root, assignment, student))
        verdicts = recorded_verdicts(nb)
        cell_scores = {cell: value for cell, value in row.items() if cell != "late"}
        totals[student] = sum(score for score, _ in cell_scores.values())
        maximum = max(maximum, sum(top for _, top in cell_scores.values()))
        if kernel_problems(nb):
            problems[student] = kernel_problems(nb)
        for result in functions:
            score, top = cell_scores.get(result.cell, (0.0, 0.0))
            if score >= top:
                result.passed.append(student)
                continue
            result.failed.append(student)
            record = verdicts.get(result.function)
            if record is None or record.get("passed"):
                result.unrecognised.append((student, failure_message(nb, result.cell) if record is None else
                                            "scored zero although its hidden checks passed"))
            elif record.get("mistake") == hidden.NOT_IMPLEMENTED:
                result.untouched.append(student)
            elif record.get("mistake"):
                result.mistakes.setdefault(record["mistake"], []).append(student)
                result.examples.setdefault(record["mistake"], (record.get("message", ""), record.get("hint")))
            else:
                result.unrecognised.append((student, record.get("message", "")))
    try:
        descriptions = hidden.mistakes_of(assignment) or {}
    except ModuleNotFoundError:  # an assignment without a topic folder
        descriptions = {}
    return AssignmentReport(assignment, students, totals, maximum, functions, not_graded, problems, descriptions)


# -- figures ----------------------------------------------------------------------------------------
def png(figure):
    """A matplotlib figure as a base64 PNG ``data:`` URI."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def histogram_figure(report):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4.6, 2.6))
    axes = figure.subplots()
    percents = [100 * total / report.maximum for total in report.totals.values()] if report.maximum else []
    axes.hist(percents, bins=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100.001], color="#4c72b0", edgecolor="white")
    axes.set_xlim(0, 100)
    axes.set_xlabel("score (% of the maximum)")
    axes.set_ylabel("students")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_title(f"{report.assignment}: {len(report.totals)} graded submissions")
    return png(figure)


def pass_rate_figure(report):
    from matplotlib.figure import Figure

    functions = [f for f in report.functions if f.pass_rate is not None]
    figure = Figure(figsize=(4.6, 0.4 * len(functions) + 0.9))
    axes = figure.subplots()
    rates = [100 * f.pass_rate for f in functions]
    positions = list(range(len(functions)))[::-1]  # the notebook's first function on top
    axes.barh(positions, rates, color="#55a868")
    axes.set_yticks(positions, [f.function for f in functions])
    for position, rate in zip(positions, rates):
        axes.text(min(rate + 1, 88), position, f"{rate:.0f}%", va="center", fontsize=9)
    axes.set_xlim(0, 100)
    axes.set_xlabel("students with full marks (%)")
    axes.set_title("pass rate per function, in notebook order")
    return png(figure)


def course_figure(assignments):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(1.3 * len(assignments) + 2.5, 3.0))
    axes = figure.subplots()
    data = [[100 * s for s in percents.values()] for percents in assignments.values()]
    axes.boxplot(data, showmeans=True)
    for index, values in enumerate(data, start=1):
        axes.plot([index] * len(values), values, "o", alpha=0.35, color="#4c72b0", markersize=4)
    axes.set_xticks(range(1, len(data) + 1), list(assignments), rotation=20)
    axes.set_ylim(-5, 105)
    axes.set_ylabel("score (%)")
    axes.set_title("scores per assignment (box: quartiles, triangle: mean)")
    return png(figure)


# -- text -------------------------------------------------------------------------------------------
def _ids(students, hide_ids):
    return "" if hide_ids else " [" + ", ".join(students) + "]"


def _percent(value):
    return "-" if value is None else f"{100 * value:.0f}%"


def mean_and_spread(values):
    """(mean, population standard deviation) of ``values``; (None, None) when empty."""
    values = list(values)
    if not values:
        return None, None
    return statistics.fmean(values), statistics.pstdev(values)


def _shortened(message, size=100):
    line = message.splitlines()[0] if message else ""
    return f'"{line if len(line) <= size else line[:size - 3] + "..."}"'


def text_report(report, hide_ids=False, path=None):
    """The short text version printed after grading."""
    percents = [total / report.maximum for total in report.totals.values()] if report.maximum else []
    mean, spread = mean_and_spread(percents)
    lines = [f"== {report.assignment}: what the class got wrong" + (f" ({path})" if path else ""),
             f"{len(report.submissions)} submissions, {len(report.totals)} graded; "
             + (f"mean score {_percent(mean)}, spread (sd) {_percent(spread)}" if percents else "no scores"),
             "pass rate: " + ", ".join(f"{f.function} {_percent(f.pass_rate)}" for f in report.functions)]
    for result in report.functions:
        if not result.failed:
            continue
        lines.append(f"{result.function}: {len(result.failed)} failed")
        for mistake, students in result.ranked_mistakes():
            description = report.descriptions.get(result.function, {}).get(mistake, "")
            lines.append(f"  {len(students):>3} {result.function}/{mistake}: {description}{_ids(students, hide_ids)}")
        if result.unrecognised:
            example = _shortened(result.unrecognised[0][1])
            lines.append(f"  {len(result.unrecognised):>3} unrecognised"
                         f"{_ids([s for s, _ in result.unrecognised], hide_ids)}, e.g. {example}")
        if result.untouched:
            lines.append(f"  {len(result.untouched):>3} {UNTOUCHED}{_ids(result.untouched, hide_ids)}")
    ranking = report.untouched_ranking()
    if ranking:
        lines.append("stubs most often left untouched: " + ", ".join(f"{f} ({len(s)})" for f, s in ranking))
    for student, reason in report.not_graded.items():
        lines.append(f"NOT GRADED {'(a student)' if hide_ids else student}: {reason}")
    for student, problems in report.kernel_problems.items():
        lines.append(f"KERNEL {'(a student)' if hide_ids else student}: {'; '.join(problems)}")
    return "\n".join(lines)


# -- HTML -------------------------------------------------------------------------------------------
STYLE = """
body { font-family: sans-serif; max-width: 62rem; margin: 1.5rem auto; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; margin-bottom: .3rem; }
table { border-collapse: collapse; margin: .5rem 0; } td, th { border: 1px solid #ddd; padding: .25rem .5rem;
  vertical-align: top; text-align: left; } th { background: #f3f3f3; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.id { font-family: monospace; font-size: .85rem; color: #335; }
.msg { font-size: .85rem; color: #444; } .hint { font-size: .85rem; color: #075; }
.figures img { max-width: 49%; margin: .3rem .5rem .3rem 0; vertical-align: top; }
.figures.wide img { max-width: 100%; }
.toggle { float: right; font-size: .9rem; background: #f6f6f6; padding: .3rem .6rem; border-radius: 4px; }
#hide-ids:checked ~ main .ids { display: none; }
.none { color: #777; }
"""


def _e(text):
    return html.escape(str(text))


def _students_html(students):
    return f'<span class="ids">{", ".join(f"<span class=id>{_e(s)}</span>" for s in students)}</span>'


def page(title, body, hide_ids):
    """A self-contained page; without ``hide_ids`` a checkbox hides the students' ids (CSS only)."""
    toggle = "" if hide_ids else ('<input type="checkbox" id="hide-ids" hidden>'
                                  '<label class="toggle" for="hide-ids">hide / show student ids</label>')
    return (f"<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>{_e(title)}</title>"
            f"<style>{STYLE}</style></head><body>{toggle}<main>{body}</main></body></html>\n")


def html_report(report, hide_ids=False):
    ids = (lambda students: "") if hide_ids else _students_html
    percents = [total / report.maximum for total in report.totals.values()] if report.maximum else []
    mean, spread = mean_and_spread(percents)
    parts = [f"<h1>{_e(report.assignment)}: what the class got wrong</h1>",
             f"<p>{len(report.submissions)} submissions, {len(report.totals)} graded"
             + (f"; mean score {_percent(mean)}, spread (standard deviation) {_percent(spread)}" if percents else "")
             + f"; maximum {report.maximum:g} points.</p>"]
    if report.totals:
        parts.append(f'<div class="figures"><img alt="score histogram" src="{histogram_figure(report)}">'
                     f'<img alt="pass rate per function" src="{pass_rate_figure(report)}"></div>')
    parts.append("<h2>Functions, in notebook order</h2><table><tr><th>function</th><th>pass rate</th>"
                 "<th>failed</th><th>recognised</th><th>unrecognised</th><th>stub untouched</th></tr>")
    for f in report.functions:
        recognised = sum(len(s) for s in f.mistakes.values())
        parts.append(f"<tr><td><a href='#{_e(f.function)}'>{_e(f.function)}</a></td>"
                     f"<td class=n>{_percent(f.pass_rate)}</td><td class=n>{len(f.failed)}</td>"
                     f"<td class=n>{recognised}</td><td class=n>{len(f.unrecognised)}</td>"
                     f"<td class=n>{len(f.untouched)}</td></tr>")
    parts.append("</table>")
    parts.append("<h2>Mistakes, by function</h2>")
    for f in report.functions:
        parts.append(f"<h3 id='{_e(f.function)}'>{_e(f.function)} <span class=none>({len(f.failed)} of "
                     f"{len(f.passed) + len(f.failed)} failed)</span></h3>")
        if not f.failed:
            parts.append("<p class=none>every graded submission passed</p>")
            continue
        parts.append("<table><tr><th>students</th><th>mistake</th><th>what it is; an example message; the hint</th>"
                     + ("" if hide_ids else "<th class=ids>who</th>") + "</tr>")
        for mistake, students in f.ranked_mistakes():
            message, hint = f.examples.get(mistake, ("", None))
            description = report.descriptions.get(f.function, {}).get(mistake, "")
            parts.append(f"<tr><td class=n>{len(students)}</td><td class=id>{_e(f.function)}/{_e(mistake)}</td>"
                         f"<td><b>{_e(description)}</b><div class=msg>e.g. {_e(_without_hint(message, hint))}</div>"
                         + (f"<div class=hint>Hint: {_e(hint)}</div>" if hint else "") + "</td>"
                         + ("" if hide_ids else f"<td class=ids>{ids(students)}</td>") + "</tr>")
        if f.unrecognised:
            messages = "".join(f"<div class=msg>{'' if hide_ids else f'<span class=ids>{_e(s)}: </span>'}"
                               f"{_e(m)}</div>" for s, m in f.unrecognised)
            parts.append(f"<tr><td class=n>{len(f.unrecognised)}</td><td class=id>unrecognised</td>"
                         f"<td>no check named the mistake; the messages:{messages}</td>"
                         + ("" if hide_ids else f"<td class=ids>{ids([s for s, _ in f.unrecognised])}</td>")
                         + "</tr>")
        if f.untouched:
            parts.append(f"<tr><td class=n>{len(f.untouched)}</td><td class=id>{UNTOUCHED}</td>"
                         "<td>the function still raises NotImplementedError</td>"
                         + ("" if hide_ids else f"<td class=ids>{ids(f.untouched)}</td>") + "</tr>")
        parts.append("</table>")
    parts.append("<h2>Submissions that could not be graded, timed out or crashed their kernel</h2>")
    rows = [(s, f"not graded: {r}") for s, r in report.not_graded.items()]
    rows += [(s, "; ".join(p)) for s, p in report.kernel_problems.items()]
    if rows:
        parts.append("<table>" + "".join(f"<tr><td class=ids>{'' if hide_ids else _e(s)}</td><td>{_e(r)}</td></tr>"
                                         for s, r in rows) + "</table>")
    else:
        parts.append("<p class=none>none</p>")
    parts.append("<h2>Stubs most often left untouched</h2>")
    ranking = report.untouched_ranking()
    if ranking:
        parts.append("<table><tr><th>function</th><th>students</th>" + ("" if hide_ids else "<th class=ids>who</th>")
                     + "</tr>" + "".join(f"<tr><td>{_e(function)}</td><td class=n>{len(students)}</td>"
                                         + ("" if hide_ids else f"<td class=ids>{ids(students)}</td>") + "</tr>"
                                         for function, students in ranking) + "</table>")
    else:
        parts.append("<p class=none>none: every submission attempted every exercise</p>")
    return page(f"{report.assignment}: report", "\n".join(parts), hide_ids)


def _without_hint(message, hint):
    return message.removesuffix(f" Hint: {hint}") if hint else message


# -- across assignments -----------------------------------------------------------------------------
def course_table(reports):
    """{assignment: {student: fraction of the maximum}} of the graded submissions."""
    return {r.assignment: {s: t / r.maximum for s, t in r.totals.items()} for r in reports if r.maximum}


def course_text(reports, hide_ids=False):
    table = course_table(reports)
    students = sorted({s for percents in table.values() for s in percents})
    width = max([len("student")] + [len(s) for s in students]) if not hide_ids else len("student")
    columns = list(table)
    lines = ["== the course so far: score (%) per student and assignment",
             " ".join(["student".ljust(width)] + columns)]
    rows = [] if hide_ids else [(student, [table[c].get(student) for c in columns]) for student in students]
    rows += [(label, [mean_and_spread(table[c].values())[index] for c in columns])
             for label, index in (("mean", 0), ("sd", 1))]
    for label, values in rows:
        lines.append(" ".join([label.ljust(width)] + [_percent(v).rjust(len(c)) for v, c in zip(values, columns)]))
    return "\n".join(lines)


def course_html(reports, hide_ids=False):
    table = course_table(reports)
    students = sorted({s for percents in table.values() for s in percents})
    columns = list(table)
    head = "".join(f"<th><a href='{_e(c)}.html'>{_e(c)}</a></th>" for c in columns)
    rows = [] if hide_ids else [
        f"<tr class=ids><td class=id>{_e(s)}</td>" + "".join(f"<td class=n>{_percent(table[c].get(s))}</td>"
                                                             for c in columns) + "</tr>" for s in students]
    for label, index in (("mean", 0), ("spread (sd)", 1)):
        cells = "".join(f"<td class=n><b>{_percent(mean_and_spread(table[c].values())[index])}</b></td>"
                        for c in columns)
        rows.append(f"<tr><th>{label}</th>{cells}</tr>")
    rows.append("<tr><th>graded</th>" + "".join(f"<td class=n>{len(table[c])}</td>" for c in columns) + "</tr>")
    figure = f'<div class="figures wide"><img alt="scores per assignment" src="{course_figure(table)}"></div>' \
        if table else ""
    body = (f"<h1>The course so far</h1><p>{len(students)} students, {len(columns)} assignments graded. "
            "Scores in % of each assignment's maximum; '-' where a student has no graded submission.</p>"
            f"{figure}<table><tr><th>student</th>{head}</tr>{''.join(rows)}</table>")
    return page("the course so far", body, hide_ids)


# -- the command ------------------------------------------------------------------------------------
def write_reports(root, assignments=None, hide_ids=False, out=sys.stdout):
    """Write ``reports/<assignment>.html`` for ``assignments`` (default: every assignment with
    submissions) and ``reports/course.html`` (every assignment with submissions); print the text
    versions. Returns {assignment: AssignmentReport}."""
    from .grade import gradebook_missing, gradebook_url, submitted_assignments

    root = Path(root)
    url = gradebook_url(root)  # gradebook.db unless the config names another (PostgreSQL on a hub)
    if gradebook_missing(url):
        raise ValueError(f"nothing graded yet in {root} (no gradebook at {url}): run ./course grade first")
    found = {assignment: students for assignment, students in submitted_assignments(root).items()
             if (root / "source" / assignment / f"{assignment}.ipynb").exists()}
    unknown = [a for a in assignments or [] if a not in found]
    if unknown:
        raise ValueError(f"no submissions of {', '.join(unknown)} under {root / 'submitted'}; "
                         f"assignments with submissions: {', '.join(found) or 'none'}")
    folder = root / "reports"
    folder.mkdir(exist_ok=True)
    built = {assignment: build(root, assignment, students) for assignment, students in found.items()}
    for assignment in assignments or list(found):
        path = folder / f"{assignment}.html"
        path.write_text(html_report(built[assignment], hide_ids))
        print(text_report(built[assignment], hide_ids, path.relative_to(root)), file=out)
    course = folder / "course.html"
    course.write_text(course_html(list(built.values()), hide_ids))
    print(course_text(list(built.values()), hide_ids), file=out)
    print(f"reports: {folder}", file=out)
    return built


def main(argv=None):
    parser = argparse.ArgumentParser(description="Rebuild reports/ from the gradebook and the autograded "
                                                 "notebooks, without grading.")
    parser.add_argument("assignments", nargs="*", help="default: every assignment with submissions")
    parser.add_argument("--root", default=str(paths.ROOT), help="the course directory")
    parser.add_argument("--hide-ids", action="store_true",
                        help="leave the students' ids out of the pages and the text (to project them)")
    args = parser.parse_args(argv)
    try:
        write_reports(args.root, args.assignments, args.hide_ids)
    except ValueError as error:
        print(f"report: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

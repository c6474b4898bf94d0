"""nbgrader preprocessors that make autograding trustworthy and robust.

``nbgrader_config.py`` puts them in ``Autograde.autograde_preprocessors``:

    HiddenChecks -> ResilientExecute -> HiddenVerdict -> ... -> SaveAutoGrades

- ``HiddenChecks`` takes the hidden region out of each test cell (so the kernel never runs it
  and feedback never shows it) and starts deciding the named checks in sandbox processes,
  in a background thread, while the kernel executes the notebook.
- ``ResilientExecute`` is nbgrader's Execute, plus: the code cells after the last graded or answer
  cell (the closing demos: training sweeps, plots, sliders) are not run, since no grade can depend
  on them (the first of them says so in the feedback); a cell that kills its kernel or keeps it busy
  past the timeout (even while catching KeyboardInterrupt) scores that cell zero; the kernel is
  restarted and the earlier cells re-run, so the rest of the notebook is still graded.
- ``HiddenVerdict`` waits for the sandbox verdicts and adds an error output to every test cell
  whose hidden checks failed (nbgrader then scores it zero). The hidden checks cover the visible
  ones and judge each function alone, so when they all pass, an error the cell raised in the
  kernel (a bug in another function it calls, a broken kernel state) is kept as a note and does not
  cost the points. Text a student's code wrote to stderr inside a test cell is moved to stdout:
  a warning is not a wrong answer. Consecutive stream outputs are merged (nbconvert's
  CoalesceStreamsPreprocessor): where the kernel split a print depends on timing, so without it
  the same submission could show different feedback from run to run.

``RestoreLockedCells`` replaces nbgrader's ``OverwriteCells`` in ``Autograde.sanitize_preprocessors``:
the same restoring, with log messages that mean something (see its docstring).
"""
import concurrent.futures
import copy
import subprocess
import tempfile
import traceback
from pathlib import Path

import jsonschema
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbconvert.preprocessors import CoalesceStreamsPreprocessor
from nbformat.v4 import new_output
from nbgrader.api import MissingEntry
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator
from nbgrader.preprocessors import CheckCellMetadata, ClearHiddenTests, Execute, NbGraderPreprocessor, OverwriteCells
from traitlets import Bool

from . import hidden, jail, notebooks
from .kernel_client import SlicedPolling

FUTURE_KEY = "idnn_hidden_verdicts"
_COALESCE = CoalesceStreamsPreprocessor()
VERDICTS_METADATA = "idnn_hidden_verdicts"  # test cell metadata: {check: Verdict.record()}, for the reports
NOT_RUN_NOTE = ("Not run while grading: this cell and the ones after it come after the last graded cell, "
                "so they cannot change your grade.\nRun them in your notebook to see what they show.\n")
_EXECUTOR = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="hidden-checks")


def error_output(ename, message):
    lines = [f"{ename}: {line}" if i == 0 else line for i, line in enumerate(message.splitlines() or [""])]
    return new_output("error", ename=ename, evalue=message, traceback=lines)


class HiddenChecks(NbGraderPreprocessor):
    """Strip hidden regions from test cells and start their checks outside the kernel."""

    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb, resources):
        wanted = {}
        for cell in nb.cells:
            if notebooks.is_test(cell):
                names = notebooks.hidden_check_names(cell.source)
                if names or notebooks.has_hidden_region(cell.source):
                    wanted[notebooks.grade_id(cell)] = names
                    cell.source = notebooks.strip_hidden(cell.source)
        statements = notebooks.student_statements(nb)
        all_names = [name for names in wanted.values() for name in names]
        future = _EXECUTOR.submit(hidden.run_in_sandbox, all_names, statements)
        resources[FUTURE_KEY] = (wanted, future)
        return nb, resources


class HiddenVerdict(NbGraderPreprocessor):
    """Mark test cells whose hidden checks failed; keep stderr from zeroing a correct cell."""

    enabled = Bool(True).tag(config=True)

    def preprocess(self, nb, resources):
        if FUTURE_KEY not in resources:
            raise RuntimeError("HiddenVerdict needs HiddenChecks earlier in autograde_preprocessors")
        wanted, future = resources.pop(FUTURE_KEY)
        verdicts = future.result()
        for cell in nb.cells:
            if not notebooks.is_test(cell):
                continue
            for output in cell.outputs:
                if output.output_type == "stream" and output.name == "stderr":
                    output.name = "stdout"
            names = wanted.get(notebooks.grade_id(cell))
            if not names:
                continue
            record_verdicts(cell, names, verdicts)
            failed = [verdicts[name] for name in names if not verdicts[name].passed]
            if failed:
                message = "\n".join(f"hidden check {v.name}: {v.message}" for v in failed)
                cell.outputs.append(error_output("HiddenCheckFailed", message))
                self.log.info("hidden checks failed in %s: %s", notebooks.grade_id(cell), message)
            else:
                cell.outputs = [_not_counted(o) if o.output_type == "error" else o for o in cell.outputs]
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":  # one box per stream: how a print is split is timing
                _COALESCE.preprocess_cell(cell, resources, index)
        return nb, resources


def record_verdicts(cell, names, verdicts):
    """Keep the hidden verdicts of ``names`` (passed, recognised mistake, message, hint) in the test
    cell's metadata, so that ``./course report`` rebuilds its counts from the graded notebook.
    Feedback pages do not show cell metadata, and a verdict holds nothing the student's feedback
    does not already say (no hidden code, no expected values)."""
    cell.metadata[VERDICTS_METADATA] = {name: verdicts[name].record() for name in names}


def _not_counted(error):
    """An in-kernel error of a test cell whose function passed every check on its own."""
    text = "\n".join(error.get("traceback") or [f"{error.get('ename')}: {error.get('evalue')}"])
    return new_output("stream", name="stdout", text=(
        "Note: this cell failed in your notebook's kernel, but not because of the function it tests:\n"
        "run alone, with correct versions of the functions it calls, it passed every check.\n"
        "Look at the functions it calls, or at the state of your kernel. The error was:\n" + text + "\n"))


class _SchemaCompiledOnce(BaseMetadataValidator):
    """nbgrader's schema step of a cell's validation, with the schema compiled once:
    ``jsonschema.validate`` checks the schema itself again for every cell it validates."""

    _compiled = None

    def validate_cell(self, cell):
        meta = cell.metadata.get("nbgrader")
        if meta is None or meta.get("schema_version", 0) != self.schema_version:
            return super().validate_cell(cell)  # nbgrader's own errors: no metadata, too old, too new
        if _SchemaCompiledOnce._compiled is None:
            validator = jsonschema.validators.validator_for(self.schema)
            validator.check_schema(self.schema)
            _SchemaCompiledOnce._compiled = validator(self.schema)
        error = jsonschema.exceptions.best_match(self._compiled.iter_errors(meta))  # as jsonschema.validate
        if error is not None:
            raise error


class _MetadataValidator(MetadataValidator, _SchemaCompiledOnce):
    """nbgrader's MetadataValidator (its checks of grade ids, points, cell types), whose schema step
    is ``_SchemaCompiledOnce``'s (next in the method order)."""


class CheckCellMetadataCompiled(CheckCellMetadata):
    """nbgrader's CheckCellMetadata with the same checks and errors, the metadata's JSON schema
    compiled once per process instead of once per cell (0.03 s of every notebook, twice per
    submission)."""

    def preprocess(self, nb, resources):
        try:
            _MetadataValidator().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            message = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(message)
            raise ValidationError(message) from None
        return nb, resources


class RestoreLockedCells(OverwriteCells):
    """nbgrader's OverwriteCells, whose warnings an instructor can act on.

    nbgrader warns "Attribute 'checksum' for cell test_... has changed!" for every test cell of every
    student: the gradebook holds the test cell with its hidden regions, the student got it without.
    Here a locked cell whose source is exactly the released one is restored silently (debug level);
    a locked cell the student edited is restored with a warning that says so. A student's scratch
    cell (nbgrader metadata, but neither locked nor graded: nbgrader never records it) no longer logs
    "does not exist in the database"; a graded or locked cell the gradebook does not know still does.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        self._submitted_source = cell.source
        meta = notebooks.nbgrader(cell)
        scratch = not any(meta.get(key) for key in ("grade", "solution", "locked", "task"))
        if meta.get("grade_id") and scratch:
            try:
                self.gradebook.find_source_cell(meta["grade_id"], self.notebook_id, self.assignment_id)
            except MissingEntry:
                del meta["grade_id"]  # what nbgrader does, without the warning
                return cell, resources
        return super().preprocess_cell(cell, resources, cell_index)

    def released_source(self, grade_id):
        """The cell's source as students got it: nbgrader's ClearHiddenTests on the gradebook's copy."""
        cell = nbformat_cell(self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id))
        ClearHiddenTests(parent=self)._remove_hidden_test_region(cell)
        return cell.source

    def report_change(self, name, attr, old, new):
        if attr != "checksum":
            return super().report_change(name, attr, old, new)
        if self._submitted_source == self.released_source(name):
            self.log.debug("Locked cell %s: the released version (hidden tests removed at release)", name)
        else:
            self.log.warning("Locked cell %s was edited in this submission: it is graded with the original",
                             name)


def nbformat_cell(source_cell):
    """A notebook cell holding a gradebook SourceCell's type and source."""
    from nbformat.v4 import new_code_cell, new_markdown_cell

    make = new_code_cell if source_cell.cell_type == "code" else new_markdown_cell
    return make(source=source_cell.source)


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel in the jail: it sees its own folder (the submission) and a private runtime folder.

    The kernel talks over Unix sockets (ipc) in that runtime folder: it has no network.
    Interrupts travel as messages (a signal would stop at bubblewrap).
    """

    _runtime = None

    async def _async_pre_start_kernel(self, **kw):
        jailed = jail.required()
        if jailed and self._runtime is None:  # a restarted kernel keeps its sockets' folder
            self._runtime = tempfile.TemporaryDirectory(prefix="idnn-kernel-")
            self.transport = "ipc"
            self.connection_file = str(Path(self._runtime.name) / "kernel.json")
            self.ip = str(Path(self._runtime.name) / "ipc")
        if jailed:
            self.kernel_spec.interrupt_mode = "message"
        cmd, kw = await super()._async_pre_start_kernel(**kw)
        if jailed:
            work = Path(kw.get("cwd") or ".").resolve()
            cmd = jail.wrap(cmd, writable=[work, self._runtime.name], cwd=work)
            # Without a parent to report to, ipykernel prints its connection banner: not for the log.
            kw["stdout"] = kw["stderr"] = subprocess.DEVNULL
        return cmd, kw

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._runtime is not None:
            self._runtime.cleanup()
            self._runtime = None


class ResilientExecute(SlicedPolling, Execute):
    """Execute that survives a dead or unresponsive kernel and goes on with the next cells, and
    stops where grading does: the code cells after the last graded or answer cell are not run
    (``notebooks.graded_part_end``; ``run_after_graded_part = True`` runs them).

    Its kernel runs in the jail (``SandboxedKernelManager``); it waits for the kernel's messages in
    short polls (``kernel_client.SlicedPolling``: a missed wake-up cost 30 s)."""

    run_after_graded_part = Bool(False, help="Also run the code cells after the last graded or answer "
                                 "cell (nothing there can change a grade)").tag(config=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kernel_manager_class = SandboxedKernelManager
        self._not_run_from = None  # index of the first code cell after the graded part, if any

    def preprocess(self, nb, resources=None, km=None):
        end = len(nb.cells) if self.run_after_graded_part else notebooks.graded_part_end(nb)
        self._not_run_from = next((i for i in range(end, len(nb.cells)) if nb.cells[i].cell_type == "code"), None)
        return super().preprocess(nb, resources, km)

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if self._not_run_from is not None and cell_index >= self._not_run_from:
            if cell_index == self._not_run_from:
                cell.outputs = [new_output("stream", name="stdout", text=NOT_RUN_NOTE)]
            return cell
        try:
            cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except (DeadKernelError, CellTimeoutError) as error:
            what = "died" if isinstance(error, DeadKernelError) else f"did not finish within {self.timeout} s"
            if isinstance(error, DeadKernelError):
                cell.execution_count = None  # whether the dying kernel announced one was a matter of timing
            cell.outputs.append(error_output(
                type(error).__name__, f"the kernel {what} while running this cell; it was restarted, "
                "the earlier cells were run again, and grading went on"))
            await self._restart_and_replay(cell_index)
            return cell
        if any(o.output_type == "error" and o.get("ename") == "CellTimeoutError" for o in cell.get("outputs", [])):
            # The interrupt may have been swallowed (a loop catching KeyboardInterrupt): restart.
            await self._restart_and_replay(cell_index)
        return cell

    # nbclient binds its sync wrapper to its own coroutine: bind ours.
    execute_cell = run_sync(async_execute_cell)

    async def _restart_and_replay(self, cell_index):
        """Restart the kernel and re-run the code cells before ``cell_index`` without keeping anything
        they show: each replay runs on a copy put in the cell's place (nbclient writes display
        updates into ``self.nb.cells[index]``), and the display ids and widget states the replays
        create are dropped, so the graded notebook and its feedback do not depend on the replay."""
        self.log.warning("Restarting the kernel after cell %d and re-running the cells before it", cell_index)
        await self.km.restart_kernel(now=True)
        await self.kc.wait_for_ready(timeout=self.startup_timeout)
        kept = copy.deepcopy((self._display_id_map, self.widget_state, self.widget_buffers))
        try:
            for index, earlier in enumerate(self.nb.cells[:cell_index]):
                if earlier.cell_type != "code":
                    continue
                if any(o.output_type == "error" for o in earlier.get("outputs", [])):
                    continue
                self.nb.cells[index] = copy.deepcopy(earlier)
                try:
                    await super().async_execute_cell(self.nb.cells[index], index, store_history=False)
                except (DeadKernelError, CellTimeoutError):
                    await self.km.restart_kernel(now=True)
                    await self.kc.wait_for_ready(timeout=self.startup_timeout)
                finally:
                    self.nb.cells[index] = earlier
        finally:
            self._display_id_map, self.widget_state, self.widget_buffers = kept

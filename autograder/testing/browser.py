"""Drive a course notebook in a real browser: JupyterLab + Playwright + Debian's chromium.

A harness for smoke tests that see what a student sees: the notebook opened in JupyterLab, Run All
from the Run menu, outputs rendered by the browser, nbgrader's Validate button.

    with jupyter_lab(folder) as server, browser() as chromium:
        page = new_page(chromium)
        open_notebook(page, server, "04_dropout.ipynb")
        run_all(page)
        text = validate(page)
        screenshot(page, "build/screenshots/04_dropout.png")

The server runs with the venv's Python first on PATH and with Jupyter's user folders (config, data,
runtime, settings, workspaces, IPython, matplotlib) in a fresh temporary folder. The extensions and
kernelspecs installed in the venv (nbgrader's lab extension, python3) are still found: Jupyter
always searches ``sys.prefix``. Nothing puts the repo on PYTHONPATH: the kernel imports ``utils``
the way a student's does, and cannot import ``autograder``.

Never run ``playwright install`` (it downloads a browser); /usr/bin/chromium is used instead.
"""
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ANNOUNCEMENTS = "@jupyterlab/apputils-extension:announcements"
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"

SERVER_START_TIMEOUT = 90  # s; JupyterLab is ready in about 3.5 s on an idle machine
OPEN_TIMEOUT = 90  # s, page load until the kernel is idle
RUN_TIMEOUT = 300  # s, for Run All: training cells take tens of seconds, more on a busy machine
VALIDATE_TIMEOUT = 300  # s; Validate executes the whole notebook again, in a new kernel
VIEWPORT = {"width": 1400, "height": 1000}


@dataclass
class Server:
    """A running JupyterLab: ``url`` ends with a slash; ``token`` authenticates."""

    url: str
    token: str
    port: int
    root_dir: Path
    home: Path  # the temporary folder holding Jupyter's user folders
    log: Path  # the server's stdout and stderr
    env: dict = field(repr=False)
    process: subprocess.Popen = field(repr=False)

    def api(self, path, method="GET", timeout=10):
        """JSON answer of the server's REST API at ``path`` (e.g. ``api/kernels``)."""
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, chars=4000):
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError as error:
            return f"(no server log: {error})"


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(home):
    """The environment of the server and its kernels: user folders under ``home``, venv first on PATH."""
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ)
    folders = {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
        "IPYTHONDIR": "ipython",
        "MPLCONFIGDIR": "matplotlib",
    }
    for name, sub in folders.items():
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    rest = [p for p in env.get("PATH", "").split(os.pathsep) if p and p != bin_dir]
    env["PATH"] = os.pathsep.join([bin_dir] + rest)
    for name in ("JUPYTER_TOKEN", "JUPYTER_PATH", "JUPYTER_PREFER_ENV_PATH"):
        env.pop(name, None)  # only the venv's and the temporary folder's settings count
    env.pop("MPLBACKEND", None)  # a test session's Agg would not be the student's inline default
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _jupyter():
    return str(Path(sys.executable).parent / "jupyter")


@contextmanager
def jupyter_lab(root_dir, timeout=SERVER_START_TIMEOUT, arguments=(), env_extra=None):
    """Start JupyterLab serving ``root_dir`` on a free port; yield a :class:`Server`; stop it at exit.

    ``arguments`` are added to the ``jupyter lab`` command line, ``env_extra`` to its environment
    (e.g. the instructor's server of ``./course lab``: its options, the course on PYTHONPATH)."""
    root_dir = Path(root_dir).resolve()
    home = Path(tempfile.mkdtemp(prefix="jupyter-home-"))
    env = {**server_env(home), **(env_extra or {})}
    # The server reads page_config.json on every page request: disabling the announcements while it
    # starts (both take seconds) is enough, as long as it is done before the first page loads.
    disable = subprocess.Popen([_jupyter(), "labextension", "disable", "--level=user", ANNOUNCEMENTS],
                               env=env, cwd=root_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, text=True)
    token = secrets.token_hex(16)
    port = _free_port()
    log = home / "server.log"
    command = [_jupyter(), "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={root_dir}", *arguments]
    with open(log, "wb") as log_file:
        # cwd matters: nbgrader's Validate reads an nbgrader_config.py from the server's cwd.
        process = subprocess.Popen(command, env=env, cwd=root_dir, stdout=log_file, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    server = Server(url=f"http://127.0.0.1:{port}/", token=token, port=port, root_dir=root_dir, home=home,
                    log=log, env=env, process=process)
    try:
        _wait_for_server(server, timeout)
        output, _ = disable.communicate(timeout=timeout)
        if disable.returncode != 0:
            raise RuntimeError(f"`jupyter labextension disable {ANNOUNCEMENTS}` failed "
                               f"(exit code {disable.returncode}):\n{output}")
        yield server
    finally:
        if disable.poll() is None:
            disable.kill()
            disable.wait()
        _stop_server(server)
        shutil.rmtree(home, ignore_errors=True)


def _wait_for_server(server, timeout):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {server.process.returncode} before answering "
                               f"on port {server.port}. Server log:\n{server.log_tail()}")
        try:
            status = server.api("api/status", timeout=2)
            with urllib.request.urlopen(f"{server.url}lab?token={server.token}", timeout=5) as response:
                if response.status == 200:
                    return status
        except (urllib.error.URLError, ConnectionError, OSError, ValueError) as error:
            last = error
        time.sleep(0.25)
    raise TimeoutError(f"JupyterLab did not answer on {server.url} within {timeout} s (last error: {last}). "
                       f"Server log:\n{server.log_tail()}")


def _stop_server(server):
    """Shut the kernels down, then end the server's whole process group (TERM, then KILL)."""
    process = server.process
    if process.poll() is None:
        try:
            for kernel in server.api("api/kernels", timeout=5):
                server.api(f"api/kernels/{kernel['id']}", method="DELETE", timeout=20)
        except (urllib.error.URLError, OSError, ValueError):
            pass
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)  # start_new_session: the group id is the server's pid
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # The server is gone; kill any straggler left in its group.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        break


@contextmanager
def browser():
    """Playwright's chromium driving Debian's /usr/bin/chromium, headless (sync API)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: apt-get install -y chromium "
                                "(never `playwright install`)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def new_page(chromium, viewport=None):
    """A page in a fresh context, with a desktop-sized viewport; records console errors in ``page.errors``."""
    context = chromium.new_context(viewport=viewport or VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def open_notebook(page, server, relpath, timeout=OPEN_TIMEOUT):
    """Open ``relpath`` (relative to the server's root) in a fresh workspace; wait for an idle kernel."""
    workspace = f"test-{uuid.uuid4().hex[:12]}"
    url = f"{server.url}lab/workspaces/{workspace}/tree/{quote(str(relpath))}?reset&token={server.token}"
    page.goto(url, wait_until="domcontentloaded", timeout=timeout * 1000)
    panel = page.locator(PANEL)
    try:
        panel.locator(".jp-Cell").first.wait_for(state="attached", timeout=timeout * 1000)
    except Exception as error:
        raise AssertionError(f"waited {timeout} s for a notebook panel with cells for {relpath!r} at {url}; "
                             f"saw page title {page.title()!r}, page errors {page.errors}\n"
                             f"server log:\n{server.log_tail()}") from error
    wait_for_idle(page, timeout)
    _collapse_left_sidebar(page)
    return panel


def _collapse_left_sidebar(page):
    """Close the file browser on the left: the notebook gets the whole width (screenshots)."""
    current = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if current.count():
        current.first.click()
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").wait_for(state="detached")


def kernel_status(page):
    """The kernel status shown in the status bar, e.g. 'Python 3 (ipykernel) | Idle' ('' if none)."""
    texts = page.locator(".jp-StatusBar-TextItem").all_inner_texts()
    return next((t.strip() for t in texts if " | " in t), "")


def wait_for_idle(page, timeout=OPEN_TIMEOUT, settle=0.5):
    """Wait until the status bar says '... | Idle' and still does ``settle`` s later."""
    deadline = time.monotonic() + timeout
    seen = ""
    while time.monotonic() < deadline:
        _dismiss_kernel_dialogs(page)
        seen = kernel_status(page)
        if seen.endswith("| Idle"):
            time.sleep(settle)
            if kernel_status(page).endswith("| Idle"):
                return seen
        time.sleep(0.2)
    raise AssertionError(f"waited {timeout} s for the kernel status '... | Idle' in the status bar; "
                         f"last saw {seen!r}")


def _dismiss_kernel_dialogs(page):
    """Accept a 'Select Kernel' dialog (a notebook without kernelspec) with its default, python3."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and "Select Kernel" in dialog.first.inner_text():
        dialog.locator(".jp-mod-accept").first.click()


# State of the visible notebook, read in one go in the browser.
_CELL_STATE_JS = """(panel) => {
  const cells = [...panel.querySelectorAll('.jp-Notebook .jp-Cell.jp-CodeCell')];
  const prompts = cells.map(c => (c.querySelector('.jp-InputArea-prompt') || {}).textContent || '');
  const errors = [...panel.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], ' +
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')
  ].map(e => (e.textContent || '').slice(0, 2000));  // textContent: offscreen cells may have no layout
  return {prompts, errors};
}"""


def cell_state(page):
    """{'prompts': input prompt of each code cell ('[3]:', '[*]:', '[ ]:'), 'errors': stderr/error texts}."""
    return page.locator(PANEL).evaluate(_CELL_STATE_JS)


def _executed(prompt):
    return re.fullmatch(r"\[\d+\]:", prompt.strip()) is not None


def run_all(page, timeout=RUN_TIMEOUT, retries=1):
    """Run > Run All Cells; wait until the kernel is idle and every code cell has an execution count.

    Run All stops at the first cell that raises: this then fails at once with that cell's error.
    If the kernel goes idle with cells still unexecuted and no error shown, Run All is clicked again
    (``retries`` times): a real browser occasionally drops part of a Run All.
    """
    for attempt in range(retries + 1):
        before = cell_state(page)["prompts"]
        _click_run_all(page)
        state = _wait_for_run(page, timeout, before)
        missing = [i for i, p in enumerate(state["prompts"]) if not _executed(p)]
        if not missing:
            return state
        if state["errors"]:
            break
        print(f"run_all: after attempt {attempt + 1}, code cells {missing} have no execution count "
              f"(prompts {state['prompts']}); running all again", file=sys.stderr)
    raise AssertionError(f"waited for every code cell to have an execution count after Run All; "
                         f"saw prompts {state['prompts']} (unexecuted code cells: {missing}), "
                         f"kernel status {kernel_status(page)!r}, error outputs: {state['errors']}")


def _click_run_all(page):
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    item = page.locator("li[data-command='runmenu:run-all']")
    item.wait_for(state="visible")
    item.click()


def _wait_for_run(page, timeout, before):
    """Wait until all code cells are executed and the kernel idle, or the kernel idles with no cell
    queued (an error stopped Run All). Returns the last cell state."""
    started_at = time.monotonic()
    deadline = started_at + timeout
    state, status, idle_since = {"prompts": before, "errors": []}, "", None
    started = False
    while time.monotonic() < deadline:
        state, status = cell_state(page), kernel_status(page)
        prompts = state["prompts"]
        idle = status.endswith("| Idle")
        queued = any(p.strip() == "[*]:" for p in prompts)
        # Run All has visibly started once a prompt changed or the kernel left Idle (10 s grace).
        started = started or prompts != before or not idle or time.monotonic() - started_at > 10
        if started and idle and not queued:
            idle_since = idle_since or time.monotonic()
            if all(_executed(p) for p in prompts) or time.monotonic() - idle_since > 3:
                return state
        else:
            idle_since = None
        time.sleep(0.25)
    raise AssertionError(f"waited {timeout} s after Run All for the kernel to be idle with no cell queued; "
                         f"last saw kernel status {status!r}, prompts {state['prompts']}, "
                         f"error outputs {state['errors']}")


def validate(page, timeout=VALIDATE_TIMEOUT):
    """Click nbgrader's Validate toolbar button; return its dialog's title and body text, then close it.

    The button saves the notebook, then the server runs it again from the top in a new kernel.
    """
    panel = page.locator(PANEL)
    button = panel.locator(".jp-Toolbar .validate-button").first
    try:
        button.wait_for(state="visible", timeout=30_000)
    except Exception as error:
        toolbar = panel.locator(".jp-Toolbar").first.inner_text()
        raise AssertionError(f"waited for nbgrader's Validate button (.validate-button) in the notebook "
                             f"toolbar; the toolbar shows {toolbar!r}: is nbgrader's lab extension "
                             f"enabled?") from error
    button.click()
    dialog = page.locator(".jp-Dialog")
    try:
        dialog.first.wait_for(state="visible", timeout=timeout * 1000)
    except Exception as error:
        raise AssertionError(f"waited {timeout} s for nbgrader's validation dialog; the button reads "
                             f"{button.inner_text()!r}") from error
    title = dialog.first.locator(".jp-Dialog-header").inner_text().strip()
    body = dialog.first.locator(".jp-Dialog-body").inner_text().strip()
    dialog.first.locator(".jp-Dialog-button.jp-mod-accept, .jp-Dialog-button").first.click()
    dialog.first.wait_for(state="detached", timeout=10_000)
    return f"{title}\n{body}"


def screenshot(page, path, whole_notebook=True):
    """Save a PNG of the page to ``path``. JupyterLab scrolls inside the notebook panel, so a
    full-page shot is only the window: ``whole_notebook`` grows the window to the notebook's height
    first (capped at 16,000 px), then restores it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    try:
        if whole_notebook and size:
            scroller = page.locator(f"{PANEL} .jp-WindowedPanel-outer").first
            extra = scroller.evaluate("(el) => el.scrollHeight - el.clientHeight") if scroller.count() else 0
            if extra > 0:
                height = min(size["height"] + extra, 16_000)
                page.set_viewport_size({"width": size["width"], "height": height})
                scroller.evaluate("(el) => { el.scrollTop = 0; }")
                page.wait_for_timeout(1000)  # relayout; offscreen cells render (content-visibility)
        page.screenshot(path=str(path), full_page=True)
    finally:
        if size:
            page.set_viewport_size(size)
    return path


def nudge_slider(page, presses=3, key="ArrowRight", timeout=20, index=0):
    """Press ``key`` on the first slider of the ``index``-th interactive widget; wait for its plot
    to redraw.

    Returns (readout before, readout after, plot src before, plot src after). The plot ``img``
    disappears briefly during a redraw, so this waits for an image with a new ``src``.
    """
    widget = page.locator(f"{PANEL} .widget-interact").nth(index)
    widget.scroll_into_view_if_needed()
    readout = widget.locator(".widget-readout").first
    image = widget.locator("img").first
    image.wait_for(state="visible", timeout=timeout * 1000)
    before = (readout.inner_text(), image.get_attribute("src"))
    widget.locator(".widget-slider .noUi-handle").first.focus()
    for _ in range(presses):
        page.keyboard.press(key)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        images = widget.locator("img")
        src = images.first.get_attribute("src") if images.count() else None
        if src and src != before[1] and readout.inner_text() != before[0]:
            return before[0], readout.inner_text(), before[1], src
        time.sleep(0.2)
    raise AssertionError(f"pressed {key} {presses} times on the slider; waited {timeout} s for a new plot; "
                         f"readout went from {before[0]!r} to {readout.inner_text()!r}, plot src unchanged")


# In the page: note when the handle next receives a key press.
_MARK_KEYDOWN_JS = """(widget) => {
  window.__idnnKeydown = null;
  widget.querySelector('.noUi-handle').addEventListener(
      'keydown', () => { window.__idnnKeydown = performance.now(); }, {once: true, capture: true});
}"""

# In the page: resolve once the widget's picture has a src other than ``old``: milliseconds since
# the key press (-1 on timeout).
_WAIT_FOR_NEW_PICTURE_JS = """([widget, old, timeout]) => new Promise((resolve) => {
  const start = performance.now();
  const check = () => {
    const img = widget.querySelector('img');
    if (img && img.src && img.src !== old && img.complete) {
      return resolve(performance.now() - (window.__idnnKeydown ?? start));
    }
    if (performance.now() - start > timeout) return resolve(-1);
    requestAnimationFrame(check);
  };
  check();
})"""


def slider_latencies(page, index=0, moves=30, timeout_ms=5000):
    """Milliseconds from a key press on the ``index``-th interactive widget's first slider to its
    new picture, for ``moves`` presses. The slider wanders three steps one way, three the other;
    at an end of its range it turns back (a press there changes nothing).

    A benchmark figure, not a check: returns (latencies, missed), where missed counts the moves
    whose new picture did not appear within ``timeout_ms``."""
    widget = page.locator(f"{PANEL} .widget-interact").nth(index)
    widget.scroll_into_view_if_needed()
    handle = widget.locator(".widget-slider .noUi-handle").first
    readout = widget.locator(".widget-readout").first
    element = widget.element_handle()
    latencies, missed, direction, presses = [], 0, "ArrowLeft", 0
    while len(latencies) + missed < moves and presses < 3 * moves:
        presses += 1
        old, value = widget.locator("img").first.get_attribute("src"), readout.inner_text()
        handle.focus()
        page.evaluate(_MARK_KEYDOWN_JS, element)
        page.keyboard.press(direction)
        if readout.inner_text() == value:  # at an end of the range: turn back
            direction = "ArrowRight" if direction == "ArrowLeft" else "ArrowLeft"
            continue
        waited = page.evaluate(_WAIT_FOR_NEW_PICTURE_JS, [element, old, timeout_ms])
        if waited < 0:
            missed += 1
        else:
            latencies.append(waited)
        if (len(latencies) + missed) % 3 == 0:
            direction = "ArrowRight" if direction == "ArrowLeft" else "ArrowLeft"
    return latencies, missed


# -- JupyterHub: log in, the lab's own REST API with the browser's session, nbgrader's assignment list
HUB_LOGIN_TIMEOUT = 120  # s, login until JupyterLab is up (the hub spawns the user's server)


def hub_login(page, hub_url, username, password, timeout=HUB_LOGIN_TIMEOUT):
    """Log in on the hub's login page as a person would; wait until the user's JupyterLab is up.
    Returns the base URL of the user's server (``.../user/<name>/``)."""
    page.goto(f"{hub_url}hub/login", wait_until="domcontentloaded")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form [type=submit]").first.click()
    user_url = f"{hub_url}user/{username}/"
    try:
        page.wait_for_url(f"{user_url}lab**", timeout=timeout * 1000)
        page.locator("#jp-main-dock-panel").wait_for(state="attached", timeout=timeout * 1000)
    except Exception as error:
        raise AssertionError(f"{username}: waited {timeout} s after logging in on {hub_url} for JupyterLab at "
                             f"{user_url}lab; the page is {page.url!r} titled {page.title()!r} and says: "
                             f"{page.locator('body').inner_text()[:800]!r}") from error
    return user_url


def lab_api(page, user_url, path, method="GET", data=None):
    """Call the user's server REST API (``api/contents/...``) with the browser's own session, as the
    page's scripts do (cookie plus the ``_xsrf`` token); returns (status, parsed JSON or text)."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies(user_url)}
    headers = {"X-XSRFToken": cookies.get("_xsrf", "")}
    response = page.request.fetch(f"{user_url}{path}", method=method, headers=headers,
                                  data=json.dumps(data) if data is not None else None)
    body = response.text()
    try:
        return response.status, json.loads(body) if body else None
    except ValueError:
        return response.status, body


def lab_menu(page, menu, item=None):
    """Open JupyterLab's top menu ``menu``; click ``item`` (its label), or close the menu if None.
    Returns the labels of the menu's items."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{re.escape(menu)}$")).click()
    labels = page.locator(".lm-Menu:visible .lm-Menu-itemLabel")
    labels.first.wait_for(state="visible")
    seen = [text.strip() for text in labels.all_inner_texts()]
    if item is None:
        page.keyboard.press("Escape")
        return seen
    entry = page.locator(".lm-Menu:visible .lm-Menu-item", has_text=re.compile(rf"^{re.escape(item)}")).first
    entry.wait_for(state="visible")
    entry.click()
    return seen


ASSIGNMENT_LISTS = {"released": "#released_assignments_list", "fetched": "#fetched_assignments_list",
                    "submitted": "#submitted_assignments_list"}


def open_assignment_list(page, timeout=60):
    """Open nbgrader's assignment list (Nbgrader > Assignment List); wait until it has loaded.
    Returns the labels of the Nbgrader menu's items."""
    seen = lab_menu(page, "Nbgrader", "Assignment List")
    page.locator("#refresh_assignments_list").wait_for(state="visible", timeout=timeout * 1000)
    wait_for_assignment_lists(page, timeout)
    return seen


def refresh_assignment_list(page, timeout=60):
    """Click the assignment list's refresh button; wait until its lists have loaded again."""
    page.locator("#refresh_assignments_list").click()
    wait_for_assignment_lists(page, timeout)


def wait_for_assignment_lists(page, timeout=60):
    for selector in ASSIGNMENT_LISTS.values():
        page.locator(f"{selector}_loading").wait_for(state="hidden", timeout=timeout * 1000)


def assignment_row(page, section, assignment):
    """The row of ``assignment`` in one section of the assignment list (released, fetched, submitted)."""
    return page.locator(f"{ASSIGNMENT_LISTS[section]} > .list_item", has_text=assignment).first


def click_assignment_button(page, section, assignment, label, then, timeout=120):
    """Click the ``label`` button of ``assignment`` in ``section``; wait for its row in section ``then``.
    Raises with the list's error text if the row does not appear."""
    row = assignment_row(page, section, assignment)
    button = row.locator("button", has_text=label).first
    button.wait_for(state="visible", timeout=timeout * 1000)
    button.click()
    target = assignment_row(page, then, assignment)
    try:
        target.wait_for(state="visible", timeout=timeout * 1000)
    except Exception as error:
        errors = page.locator(".list_error:visible, .jp-Dialog").all_inner_texts()
        raise AssertionError(f"clicked {label!r} for {assignment} in the {section} assignments; waited "
                             f"{timeout} s for it among the {then} ones; errors shown: {errors}") from error
    return target


def open_lab_notebook(page, user_url, relpath, timeout=OPEN_TIMEOUT, wait_kernel=True):
    """Open ``relpath`` in the user's JupyterLab (hub session, no token) in a fresh workspace; wait for
    its cells, and for an idle kernel unless ``wait_kernel`` is False (editing needs none)."""
    workspace = f"test-{uuid.uuid4().hex[:12]}"
    page.goto(f"{user_url}lab/workspaces/{workspace}/tree/{quote(str(relpath))}?reset",
              wait_until="domcontentloaded", timeout=timeout * 1000)
    panel = page.locator(PANEL)
    panel.locator(".jp-Cell").first.wait_for(state="attached", timeout=timeout * 1000)
    if wait_kernel:
        wait_for_idle(page, timeout)
    return panel


def type_into_cell(page, cell, text, timeout=30):
    """Replace the code of ``cell`` (a locator) by ``text`` through the keyboard: click into its
    editor, select all, insert the text (as typing would, without the editor's auto-indent); wait
    until the editor holds it."""
    cell.scroll_into_view_if_needed()
    editor = cell.locator(".cm-content").first
    wanted = " ".join(text.split())
    deadline = time.monotonic() + timeout
    while True:
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(text)
        page.wait_for_timeout(300)
        # textContent of CodeMirror's lines: compare without whitespace (it renders indents as spaces)
        seen = " ".join(editor.evaluate("(el) => [...el.querySelectorAll('.cm-line')]"
                                        ".map(l => l.textContent).join('\\n')").split())
        if seen == wanted:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"typed into the cell; after {timeout} s its editor holds {seen[:300]!r}, "
                                 f"not {wanted[:300]!r}")


def save_notebook(page, timeout=30):
    """Save the notebook with Ctrl+S, as a person would; wait until its tab shows no unsaved change.
    A dialog in the way (e.g. "File Changed") fails with its text."""
    page.keyboard.press("Control+S")
    deadline = time.monotonic() + timeout
    while page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count():
        dialog = page.locator(".jp-Dialog")
        if dialog.count() or time.monotonic() > deadline:
            raise AssertionError(f"pressed Ctrl+S; the notebook still has unsaved changes after "
                                 f"{timeout} s; dialogs shown: {dialog.all_inner_texts()}")
        page.wait_for_timeout(200)


# -- a notebook run past its errors, cell by cell outputs, kernels -----------------------------
# Per code cell, in the browser: its input prompt and the text of its error and stderr outputs.
# JupyterLab renders an error (a traceback) with the stderr renderer too: its text tells them apart.
_CODE_CELLS_JS = """(panel) => [...panel.querySelectorAll('.jp-Notebook .jp-Cell.jp-CodeCell')].map(c => {
  const texts = [...c.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], ' +
                                       '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]')]
      .map(e => (e.textContent || '').slice(-2000));
  const isError = (t) => /Traceback \\(most recent call last\\)|^\\w*(Error|Exception)\\b/m.test(t);
  return {prompt: (c.querySelector('.jp-InputArea-prompt') || {}).textContent || '',
          errors: texts.filter(isError), stderr: texts.filter(t => !isError(t))};
})"""


def code_cells(page):
    """[{'prompt', 'errors', 'stderr'}] for each code cell of the visible notebook, in order: the
    text of its error outputs (tracebacks), and of its other stderr outputs."""
    return page.locator(PANEL).evaluate(_CODE_CELLS_JS)


def click_run_menu(page, command):
    """Click the Run menu's item ``command`` (its data-command, e.g. 'notebook:run-all-below')."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    item = page.locator(f"li[data-command='{command}']")
    item.wait_for(state="visible")
    item.click()


def select_code_cell(page, index):
    """Make the ``index``-th code cell the active one (a click on its input prompt)."""
    cell = page.locator(f"{PANEL} .jp-Notebook .jp-Cell.jp-CodeCell").nth(index)
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputPrompt").first.click()
    page.wait_for_function("(cell) => cell.classList.contains('jp-mod-active')", arg=cell.element_handle())


EXPOSE_APP = "--LabApp.expose_app_in_browser=True"  # window.jupyterapp: run commands without the menus

# In the page: make the ``index``-th code cell of the current notebook the active cell and run the
# menu item Run > Run Selected Cell and All Below through JupyterLab's command registry.
_RUN_ALL_BELOW_JS = """async (index) => {
  const app = window.jupyterapp;
  const notebook = app.shell.currentWidget.content;
  const code = notebook.widgets.map((cell, i) => [cell, i]).filter(([cell]) => cell.model.type === 'code');
  notebook.activeCellIndex = code[index][1];
  notebook.deselectAll();
  await app.commands.execute('notebook:run-all-below');
}"""


def run_all_below(page, index):
    """Run > Run Selected Cell and All Below, from the ``index``-th code cell. Through JupyterLab's
    command registry when the server exposes the app (``EXPOSE_APP``: one call instead of a click
    on the cell and two on the menu, seconds on a busy machine); else with clicks."""
    if page.evaluate("() => Boolean(window.jupyterapp)"):
        page.evaluate(_RUN_ALL_BELOW_JS, index)
    else:
        select_code_cell(page, index)
        click_run_menu(page, "notebook:run-all-below")


def _wait_for_stop(page, timeout, before, first):
    """Wait until a run that started at code cell ``first`` stopped: kernel idle, nothing queued, and
    either every code cell executed or the cell before the first unexecuted one shows an error.
    Returns code_cells(page) at that moment."""
    started_at = time.monotonic()
    deadline = started_at + timeout
    cells, status, idle_since, started = [], "", None, False
    while time.monotonic() < deadline:
        cells, status = code_cells(page), kernel_status(page)
        prompts = [c["prompt"] for c in cells]
        idle = status.endswith("| Idle")
        started = started or prompts != before or not idle or time.monotonic() - started_at > 10
        if started and idle and not any(p.strip() == "[*]:" for p in prompts):
            pending = [i for i, p in enumerate(prompts) if i >= first and not _executed(p)]
            if not pending or (pending[0] > first and cells[pending[0] - 1]["errors"]):
                return cells
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > 3:  # idle with cells left and no error: a dropped run
                return cells
        else:
            idle_since = None
        time.sleep(0.1)
    raise AssertionError(f"waited {timeout} s for a run from code cell {first} to stop; last saw kernel status "
                         f"{status!r}, prompts {[c['prompt'] for c in cells]}")


def run_all_past_errors(page, timeout=RUN_TIMEOUT):
    """Run All as a student who has done no exercise yet, and carry on past each error.

    JupyterLab's Run All (clicked in the Run menu) stops at the first cell that raises. After each
    stop this runs Run > Run Selected Cell and All Below from the next code cell (``run_all_below``),
    until every code cell has run.
    Returns (stops, cells): the code cell indices where a run stopped on an error, and
    ``code_cells(page)`` at the end. A run that stops without an error is clicked again once.
    """
    stops, first, retried = [], 0, False
    cells = code_cells(page)
    while True:
        before = [c["prompt"] for c in cells]
        if first:
            run_all_below(page, first)
        else:
            click_run_menu(page, "runmenu:run-all")
        cells = _wait_for_stop(page, timeout, before, first)
        pending = [i for i, c in enumerate(cells) if i >= first and not _executed(c["prompt"])]
        if not pending:
            return stops, cells
        if pending[0] > first and cells[pending[0] - 1]["errors"]:
            stops.append(pending[0] - 1)
            retried = False
        elif retried:
            raise AssertionError(f"a run from code cell {first} stopped at code cell {pending[0]} with no error "
                                 f"shown, twice; prompts {[c['prompt'] for c in cells]}")
        else:
            retried = True
        first = pending[0]


def shutdown_kernels(server, relpath):
    """Shut down the kernels of the sessions open on ``relpath`` (a closed page leaves its kernel running)."""
    for session in server.api("api/sessions"):
        if session.get("path") == str(relpath) and session.get("kernel"):
            server.api(f"api/kernels/{session['kernel']['id']}", method="DELETE", timeout=20)


# -- slider latency, one control at a time (benchmark figures) ---------------------------------
# In the page: mark the widget's current pictures as old, and note when the handle next gets a key.
_MARK_PICTURES_JS = """([widget, handle]) => {
  widget.querySelectorAll('img').forEach(img => { img.__idnnOld = true; });
  window.__idnnKeydown = null;
  handle.addEventListener('keydown', () => { window.__idnnKeydown = performance.now(); },
                          {once: true, capture: true});
}"""

# In the page: resolve once the widget shows a loaded picture that was not marked old: milliseconds
# since the key press (-1 on timeout). A new element, not a new src: a move may draw identical pixels.
_WAIT_FOR_FRESH_PICTURE_JS = """([widget, timeout]) => new Promise((resolve) => {
  const start = performance.now();
  const check = () => {
    const fresh = [...widget.querySelectorAll('img')].filter(img => !img.__idnnOld);
    if (fresh.length && fresh.every(img => img.complete && img.naturalWidth > 0)) {
      return resolve(performance.now() - (window.__idnnKeydown ?? start));
    }
    if (performance.now() - start > timeout) return resolve(-1);
    requestAnimationFrame(check);
  };
  check();
})"""


def slider_controls(page, index=0):
    """Descriptions of the sliders of the ``index``-th interactive widget, e.g. ['keep_prob', 'seed']."""
    widget = page.locator(f"{PANEL} .widget-interact").nth(index)
    return [(s.locator(".widget-label").first.text_content() or "").strip()
            for s in widget.locator(".widget-slider").all()]


def slider_moves(page, index=0, slider=0, moves=30, timeout_ms=10_000):
    """Move the ``slider``-th slider of the ``index``-th interactive widget ``moves`` times with the
    arrow keys, sweeping from end to end of its range; time each move from the key press to a new,
    loaded picture in the widget.

    Returns [(milliseconds or None when no picture came within ``timeout_ms``, first visit)]: a
    first visit is a position the slider had not shown since this call began (an explorer may
    cache the pictures of positions it has drawn). A benchmark, not a check."""
    widget = page.locator(f"{PANEL} .widget-interact").nth(index)
    control = widget.locator(".widget-slider").nth(slider)
    control.scroll_into_view_if_needed()
    handle, readout = control.locator(".noUi-handle").first, control.locator(".widget-readout").first
    handles = [widget.element_handle(), handle.element_handle()]
    seen, results, direction, stuck = {readout.inner_text()}, [], "ArrowLeft", 0
    while len(results) < moves:
        value = readout.inner_text()
        handle.focus()
        page.evaluate(_MARK_PICTURES_JS, handles)
        page.keyboard.press(direction)
        if not _text_changes(readout, value, 0.5):  # at an end of the range: turn back
            direction = "ArrowRight" if direction == "ArrowLeft" else "ArrowLeft"
            stuck += 1
            if stuck > 2:
                raise AssertionError(f"slider {slider} of widget {index} does not move from {value!r}")
            continue
        stuck = 0
        waited = page.evaluate(_WAIT_FOR_FRESH_PICTURE_JS, [handles[0], timeout_ms])
        results.append((waited if waited >= 0 else None, readout.inner_text() not in seen))
        seen.add(readout.inner_text())
    return results


def _text_changes(locator, text, seconds):
    """Whether ``locator``'s text differs from ``text`` within ``seconds``."""
    deadline = time.monotonic() + seconds
    while locator.inner_text() == text:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True

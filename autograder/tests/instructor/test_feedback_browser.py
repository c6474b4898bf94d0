"""A feedback page as a student opens it: from a file, in Debian's chromium, with no network.

Its formulas are typeset (MathJax's SVG elements, no raw ``$...$`` left), the page asks for nothing
but itself, and a failed check's message wraps (its "Hint:" inside the box, no sideways scroll).
Saves build/screenshots/feedback-04_dropout.png.
"""
import re

import pytest

from autograder.engine import paths
from autograder.testing import browser
from autograder.testing.graded_class import TOPIC

pytestmark = pytest.mark.xdist_group("instructor-class")

# In the page, once MathJax has typeset it: typeset formulas, raw TeX left in the text, and the
# failure messages' boxes (do they scroll sideways, and where does their "Hint:" end?).
PAGE_STATE_JS = """async () => {
  await window.MathJax.startup.promise;
  const text = [...document.querySelectorAll('.text_cell_render')].map((cell) => {
    const copy = cell.cloneNode(true);
    copy.querySelectorAll('mjx-container').forEach((m) => m.remove());
    return copy.textContent;
  }).join('\\n');
  const errors = [...document.querySelectorAll('.output_error pre')].map((pre) => {
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    let node, hintRight = null;
    while ((node = walker.nextNode())) {
      const at = node.textContent.indexOf('Hint:');
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, node.length);
      hintRight = Math.max(...[...range.getClientRects()].map((r) => r.right));
    }
    return {scrolls: pre.scrollWidth > pre.clientWidth + 1, right: pre.getBoundingClientRect().right, hintRight};
  });
  return {formulas: document.querySelectorAll('mjx-container svg').length, text, errors};
}"""


def test_feedback_page_renders_formulas_offline_and_wraps_failures(graded_class):
    page_path = graded_class.root / "feedback" / "fwd_no_scaling" / TOPIC / f"{TOPIC}.html"
    requests = []
    with browser.browser() as chromium:
        page = browser.new_page(chromium, viewport={"width": 1000, "height": 900})
        page.on("request", lambda request: requests.append(request.url))
        page.route(re.compile(r"^(?!file:|data:|blob:)"), lambda route: route.abort())  # no network at all
        page.goto(page_path.as_uri(), wait_until="load")
        page.wait_for_function("() => window.MathJax && window.MathJax.startup && window.MathJax.startup.promise",
                               timeout=60_000)
        state = page.evaluate(PAGE_STATE_JS)
        page.screenshot(path=str(paths.ROOT / "build" / "screenshots" / f"feedback-{TOPIC}.png"), full_page=True)
        # nbconvert's classic template gives a widget view (the slider) a script that expects jQuery,
        # which a static page does not load; nothing else may fail.
        errors = [e for e in page.errors if e != "$ is not defined"]
        assert not errors, errors
    outside = [url for url in requests if not url.startswith(("file:", "data:", "blob:"))]
    assert not outside, f"the page asked the network for {outside}"
    assert state["formulas"] > 20, f"{state['formulas']} typeset formulas"
    raw = re.findall(r"\$[^$\n]{1,80}\$", state["text"])
    assert not raw, f"formulas left as raw TeX: {raw[:5]}"
    assert state["errors"], "fwd_no_scaling's page shows its failed check"
    for error in state["errors"]:
        assert not error["scrolls"], f"a failure message scrolls sideways: {error}"
    hints = [e for e in state["errors"] if e["hintRight"] is not None]
    assert hints and all(e["hintRight"] <= e["right"] + 1 for e in hints), state["errors"]

"""The feedback exporter makes the page nbconvert's HTML exporter makes, without its BeautifulSoup pass."""
import copy
import re

import nbformat
from bs4 import BeautifulSoup
from nbconvert.exporters import HTMLExporter

from autograder.engine.feedback import FeedbackHTMLExporter

PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def notebook():
    code = nbformat.v4.new_code_cell("import numpy as np\nprint('<b>not a tag</b>')  # <img src=x>")
    code.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="<b>not a tag</b>\n"),
        nbformat.v4.new_output("display_data", data={"image/png": PNG}),
        nbformat.v4.new_output("display_data", data={"image/png": PNG}, metadata={"image/png": {"alt": "a plot"}}),
        nbformat.v4.new_output("display_data", data={"text/html": '<div class="jp-OutputArea-output x"><img src=y>'}),
    ]
    second = nbformat.v4.new_code_cell(code.source, outputs=code.outputs)
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title\n$x^2$"), code, second])


def normalised(html):
    """The page as BeautifulSoup serialises it, whitespace runs made one space."""
    return re.sub(r"\s+", " ", str(BeautifulSoup(html, features="html.parser")))


def test_the_same_page_as_nbconverts_html_exporter():
    nb = notebook()
    theirs, _ = HTMLExporter().from_notebook_node(copy.deepcopy(nb))
    ours, _ = FeedbackHTMLExporter().from_notebook_node(copy.deepcopy(nb))
    assert 'tabindex="0"' in ours
    assert "No description has been provided for this image" in ours
    assert normalised(ours) == normalised(theirs)


def test_a_second_page_reuses_compiled_templates_and_highlighting_with_the_same_result():
    nb = notebook()
    first, _ = FeedbackHTMLExporter().from_notebook_node(copy.deepcopy(nb))
    second, _ = FeedbackHTMLExporter().from_notebook_node(copy.deepcopy(nb))
    assert first == second

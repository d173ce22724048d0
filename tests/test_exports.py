"""progress as Markdown, CSV, SVG and HTML."""

from __future__ import annotations

from .conftest import EXAMPLES


def test_markdown_and_csv_of_the_examples(run, golden):
    for name, fmt in (("progress.md", "markdown"), ("progress.csv", "csv")):
        result = run("-d", str(EXAMPLES), "progress", "--format", fmt)
        assert (result.exit_code, result.stderr) == (0, "")
        golden(name, result.stdout)


def test_note_text_cannot_break_the_table_or_run_in_a_spreadsheet(run, write, tmp_path):
    write("week-1.md", '---\ntitle: "=HYPERLINK(\\"x\\") | pipe"\n---\n## Readings\n- [ ] a\n')
    markdown = run("-d", str(tmp_path), "progress", "-f", "markdown").stdout
    assert '=HYPERLINK("x") \\| pipe' in markdown
    csv = run("-d", str(tmp_path), "progress", "-f", "csv").stdout
    assert "'=HYPERLINK" in csv


def test_svg_and_html(run, tmp_path):
    svg, html = tmp_path / "p.svg", tmp_path / "p.html"
    result = run("-d", str(EXAMPLES), "progress", "--svg", str(svg), "--html", str(html))
    assert result.exit_code == 0 and f"saved {svg}" in result.stderr
    assert svg.read_text().startswith("<svg") and "AGI" in svg.read_text()
    assert "<html" in html.read_text().lower() and "overdue" in html.read_text()


def test_the_readme_picture_is_the_current_export(run, tmp_path):
    """examples/progress.svg is what `NOTES_TODAY=2024-03-20 notes -d examples progress --svg` makes now."""
    fresh = tmp_path / "p.svg"
    run("-d", str(EXAMPLES), "progress", "--svg", str(fresh))
    assert (EXAMPLES / "progress.svg").read_text() == fresh.read_text()
    assert "](examples/progress.svg)" in (EXAMPLES.parent / "README.md").read_text()


def test_exports_never_overwrite_a_note_and_json_excludes_format(run, tmp_path):
    note = tmp_path / "week-1.md"
    note.write_text("- [ ] a\n")
    result = run("-d", str(EXAMPLES), "progress", "--svg", str(note))
    assert result.exit_code == 2 and note.read_text() == "- [ ] a\n"
    assert run("-d", str(EXAMPLES), "progress", "--json", "--format", "csv").exit_code == 2
    missing = run("-d", str(EXAMPLES), "progress", "--html", str(tmp_path / "no" / "x.html"))
    assert missing.exit_code == 1 and "does not exist" in missing.stderr

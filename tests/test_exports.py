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


def test_an_export_replaces_only_an_earlier_export_of_its_kind(run, tmp_path):
    document = tmp_path / "thesis.txt"
    document.write_text("three years of work\n")
    for option in ("--svg", "--html"):
        result = run("-d", str(EXAMPLES), "progress", option, str(document))
        assert (result.exit_code, result.stdout) == (2, "")
        assert f"{document}: refusing to replace a file that is not" in result.stderr
        assert document.read_text() == "three years of work\n"
    (tmp_path / "page.htm").write_text("old page")
    (tmp_path / "chart.svg").write_text("old chart")
    (tmp_path / "link.svg").symlink_to(document)  # named .svg, but it points at the document
    assert run("-d", str(EXAMPLES), "progress", "--svg", str(tmp_path / "link.svg")).exit_code == 2
    assert document.read_text() == "three years of work\n"
    replaced = run(
        "-d", str(EXAMPLES), "progress", "--svg", str(tmp_path / "chart.svg"), "--html", str(tmp_path / "page.htm")
    )
    assert replaced.exit_code == 0
    assert (tmp_path / "chart.svg").read_text().startswith("<svg") and "<html" in (tmp_path / "page.htm").read_text()
    folder = run("-d", str(EXAMPLES), "progress", "--svg", str(tmp_path))
    assert folder.exit_code == 2 and f"{tmp_path}: is a folder" in folder.stderr
    new = run("-d", str(EXAMPLES), "progress", "--svg", str(tmp_path / "progress-march"))  # a new file: any name
    assert new.exit_code == 0 and (tmp_path / "progress-march").read_text().startswith("<svg")

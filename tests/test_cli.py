"""The CLI contract: JSON shapes, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

from mbc_reader.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_json_contract_on_bundled_seed(capsys):
    code, out, _ = run(capsys, "check", "--json")
    assert code == 0
    report = json.loads(out)
    assert set(report) == {"articles", "problems"}
    (article,) = report["articles"]
    assert set(article) == {"id", "title", "language", "status", "topics", "sections", "glossary_ids", "figures"}
    assert article["id"] == "000_af7ffd754fc95063"
    assert article["title"] == "Metastatic Breast Cancer"
    assert set(article["sections"][0]) == {"title", "level", "anchor"}
    assert len(article["glossary_ids"]) == 18
    assert [set(f) for f in article["figures"]] == [{"alt", "credit", "src"}] * 2
    for problem in report["problems"]:
        assert set(problem) == {"file", "severity", "code", "message"}


def test_check_exit_codes_and_grouped_output(capsys, tmp_path, write_article):
    write_article("good.md", "# Good\n\nText.\n")
    assert run(capsys, "check", "--content", str(tmp_path / "content"))[0] == 0
    write_article("bad.md", "", raw="---\ntitle: [oops\n---\ntext")
    code, out, err = run(capsys, "check", "--content", str(tmp_path / "content"))
    assert code == 1
    assert "bad.md" in out and "error:" in out and "Traceback" not in out + err
    report = json.loads(run(capsys, "check", "--json", "--content", str(tmp_path / "content"))[1])
    assert [a["id"] for a in report["articles"]] == ["good"]


def test_retired_articles_are_info_not_listed(capsys, tmp_path, write_article):
    write_article("old.md", "# Old\n\nText.\n", status="retired")
    code, out, _ = run(capsys, "check", "--json", "--content", str(tmp_path / "content"))
    report = json.loads(out)
    assert code == 0 and report["articles"] == []
    assert [(p["severity"], p["code"]) for p in report["problems"]] == [("info", "not-active")]


def test_render_prints_html_and_unknown_id_fails_cleanly(capsys):
    code, out, _ = run(capsys, "render", "000_af7ffd754fc95063")
    assert code == 0 and out.startswith('<h1 id="top">Metastatic Breast Cancer</h1>')
    code, out, err = run(capsys, "render", "no-such-article")
    assert code == 1 and "no-such-article" in err and "Traceback" not in err


def test_usage_error_exits_2_and_version():
    usage = subprocess.run([sys.executable, "-m", "mbc_reader", "check", "--bogus"], capture_output=True, text=True)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    version = subprocess.run([sys.executable, "-m", "mbc_reader", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("mbc-reader ")

"""``mbc-reader search`` and ``mbc-reader index``: the contract staff and scripts rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from mbc_reader import cli
from mbc_reader.content.search import current_version

from .conftest import REPO, SEEDS

SYMPTOMS = "what-are-the-symptoms-of-metastatic-breast-cancer"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_is_exactly_the_contract(capsys):
    code, out, _ = run_cli(capsys, "search", "fractures", "--content", str(SEEDS), "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["query", "total", "suggestion", "results", "corrected_query", "also_searched"]
    assert data["query"] == "fractures" and data["suggestion"] is None
    first = data["results"][0]
    assert list(first) == ["article_id", "title", "section", "anchor", "snippet", "score", "sections"]
    assert (first["article_id"], first["anchor"]) == ("000_af7ffd754fc95063", SYMPTOMS)
    assert "<b>fractures</b>" in first["snippet"]


@pytest.mark.parametrize(
    ("query", "anchor"),
    [
        ("survival rate", "what-is-the-prognosis-for-people-with-metastatic-breast-cancer"),
        ("hormone therapy", "how-is-metastatic-breast-cancer-treated"),
    ],
)
def test_search_json_ranks_the_seed_as_promised(capsys, query, anchor):
    _, out, _ = run_cli(capsys, "search", query, "--content", str(SEEDS), "--json", "--limit", "3")
    data = json.loads(out)
    assert data["results"][0]["anchor"] == anchor
    assert len(data["results"]) <= 3


def test_search_json_gives_the_corrected_query_s_results(capsys):
    _, out, _ = run_cli(capsys, "search", "metastatc", "--content", str(SEEDS), "--json")
    data = json.loads(out)
    assert data["query"] == "metastatc" and data["corrected_query"] == "metastatic"
    assert data["suggestion"] is None and data["total"] > 0
    assert data["results"][0]["article_id"] == "000_af7ffd754fc95063"


def test_search_json_of_a_quoted_misspelling_finds_nothing(capsys):
    _, out, _ = run_cli(capsys, "search", '"metastatc"', "--content", str(SEEDS), "--json")
    assert json.loads(out) == {
        "query": '"metastatc"', "total": 0, "suggestion": None, "results": [], "corrected_query": None,
        "also_searched": [],
    }


def test_search_json_folds_further_sections_under_their_article(capsys):
    _, out, _ = run_cli(capsys, "search", "metastatic breast cancer", "--content", str(SEEDS), "--json")
    results = json.loads(out)["results"]
    articles = [r["article_id"] for r in results]
    assert len(articles) == len(set(articles))
    seed = results[articles.index("000_af7ffd754fc95063")]
    assert seed["sections"], "the seed's other matching sections fold under its best one"
    for part in seed["sections"]:
        assert list(part) == ["section", "anchor", "snippet", "score"] and part["anchor"] != seed["anchor"]


def test_search_prints_readable_results(capsys):
    code, out, _ = run_cli(capsys, "search", "fractures", "--content", str(SEEDS), "--limit", "2")
    assert code == 0
    assert out.startswith("2 results for 'fractures'")
    assert "Metastatic Breast Cancer \u2014 What are the symptoms of metastatic breast cancer?" in out
    assert f"[000_af7ffd754fc95063#{SYMPTOMS}]" in out
    assert "*fractures*" in out and "<b>" not in out


def test_search_says_when_it_shows_a_correction_s_results(capsys):
    _, out, _ = run_cli(capsys, "search", "brest", "--content", str(SEEDS))
    assert out.startswith("nothing found for 'brest'; showing results for 'breast'")
    assert "[000_af7ffd754fc95063" in out


def test_search_says_when_nothing_is_found(capsys):
    _, out, _ = run_cli(capsys, "search", '"brest"', "--content", str(SEEDS))
    assert out.strip() == "nothing found for '\"brest\"'"


def test_search_rejects_a_bad_limit(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["search", "x", "--limit", "0"])
    assert exc.value.code == 2
    assert "between 1 and 200" in capsys.readouterr().err


def test_search_on_a_missing_folder_is_a_message_not_a_traceback(capsys, tmp_path):
    code, out, err = run_cli(capsys, "search", "x", "--content", str(tmp_path / "nowhere"), "--json")
    assert code == 0
    assert json.loads(out)["results"] == []
    assert "Traceback" not in err


def test_index_builds_with_progress_and_time(capsys, tmp_path, write_article):
    for i in range(3):
        write_article(f"a{i}.md", f"## Part\n\nWords {i}.\n", title=f"Article {i}")
    code, out, err = run_cli(capsys, "index", "--content", str(tmp_path / "content"))
    assert code == 0
    assert "indexing articles" in err and "3/3" in err
    assert out.startswith("search index built for 3 articles in ") and " s: " in out
    code, out, _ = run_cli(capsys, "index", "--content", str(tmp_path / "content"))
    assert "up to date" in out
    code, out, _ = run_cli(capsys, "index", "--content", str(tmp_path / "content"), "--rebuild")
    assert "rebuilt for 3 articles" in out


def test_index_out_builds_a_self_contained_index_for_packaging(capsys, tmp_path):
    out_dir = tmp_path / "search-index"
    code, out, _ = run_cli(capsys, "index", "--content", str(SEEDS), "--out", str(out_dir))
    assert code == 0 and str(out_dir) in out
    version = current_version(out_dir)
    assert version is not None and (out_dir / "CURRENT").is_file()
    assert not list(out_dir.rglob("*.lock")) and not list(out_dir.rglob("*WRITELOCK"))


def test_index_under_python_m_does_not_rerun_itself_in_workers(tmp_path, write_article):
    """The parallel build's spawned workers must not re-execute ``python -m mbc_reader`` (spawn
    imports ``__main__`` again, as ``__mp_main__``); the build finishes and finds every article."""
    for i in range(4):
        write_article(f"w{i}.md", f"## Part\n\nParallel token{i}.\n", title=f"W {i}")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), MBC_READER_INDEX_PROCS="2")
    result = subprocess.run(
        [sys.executable, "-m", "mbc_reader", "index", "--content", str(tmp_path / "content")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("search index built for 4 articles") == 1
    found = subprocess.run(
        [sys.executable, "-m", "mbc_reader", "search", "token2", "--content", str(tmp_path / "content"), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert [r["article_id"] for r in json.loads(found.stdout)["results"]] == ["w2"]


ONE_SHOT = """
import json, sys
from mbc_reader import cli
code = cli.main(["search", sys.argv[1], "--content", sys.argv[2], "--json"])
heavy = [m for m in ("mbc_reader.content.loader", "mbc_reader.content.render", "markdown") if m in sys.modules]
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def _one_shot(query: str, content: Path, env: dict) -> tuple[dict, dict]:
    done = subprocess.run([sys.executable, "-c", ONE_SHOT, query, str(content)], capture_output=True, text=True,
                          env=env, timeout=300)
    return json.loads(done.stdout), json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("query", ["giraffe", "giraffes running", "girafes", '"tall giraffes"'])
def test_a_search_on_a_current_index_loads_no_articles_and_answers_the_same(tmp_path, write_article, query):
    """The index's record vouches for the files: the one-shot search reads only the index (and
    its vocabulary only as the query needs it), with the same answer as after loading them."""
    for i in range(3):
        write_article(f"g{i}.md", f"## Part\n\nTall giraffes running, giraffe number {i}.\n", title=f"Giraffe {i}")
    content = tmp_path / "content"
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), MBC_READER_INDEX_PROCS="1")
    first, first_run = _one_shot(query, content, env)  # builds the index: loads the articles
    again, again_run = _one_shot(query, content, env)
    assert first_run == {"code": 0, "heavy": first_run["heavy"]} and "mbc_reader.content.loader" in first_run["heavy"]
    assert again_run == {"code": 0, "heavy": []}
    assert again == first and first["results"]
    write_article("g0.md", "## Part\n\nShort zebras now.\n", title="Giraffe 0")  # changed: loaded again
    changed, changed_run = _one_shot("zebras", content, env)
    assert "mbc_reader.content.loader" in changed_run["heavy"]
    assert [r["article_id"] for r in changed["results"]] == ["g0"]

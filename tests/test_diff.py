"""tradeoffs diff: two versions of a catalog, as folders or as two commits of a checkout."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import git, run_cli

from tradeoffs.queries.diff import Side, diff, word_diff
from tradeoffs.render import diff as render

DIFF = Path(__file__).parent / "data" / "diff"


def folders(*more: str) -> list[str]:
    return [
        "diff",
        str(DIFF / "old"),
        str(DIFF / "new"),
        "--old-records",
        str(DIFF / "old-records"),
        "--new-records",
        str(DIFF / "new-records"),
        *more,
    ]


def test_two_folders_in_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DIFF)
    code, out, err = run_cli(
        *["diff", "old", "new", "--old-records", "old-records", "--new-records", "new-records"]
    )
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "old -> new: 1 card added, 1 card removed, 2 cards changed, 1 link added, "
        "1 link removed, 1 record status changed, 1 new problem, 2 new warnings",
        "",
        "New problems:",
        "  new/broken.yaml:1: title: missing (required)",
        "",
        "Records whose status changed:",
        "  Use a queue [0001-use-a-queue] (decision record): Proposed (proposed) → Accepted (accepted)",
        "",
        "Cards added:",
        "  Replay a log [replay-a-log] (playbook)",
        "",
        "Cards removed:",
        "  Retry storm [retry-storm] (failure mode)",
        "",
        "Cards changed:",
        "  Use a queue [0001-use-a-queue] (decision record)",
        "      Status: [-Proposed-] {+Accepted+}",
        "      Sections · Status: [-Proposed-] {+Accepted+}",
        "  Queue vs Log [queue-vs-log] (decision)",
        "      Summary: … a queue when each message is [-consumed once.-] "
        "{+handled once and then dropped.+}",
        "",
        "Links added:",
        "  Queue vs Log [queue-vs-log] -red_flag-> No dead letters [no-dead-letters]",
        "",
        "Links removed:",
        "  Queue vs Log [queue-vs-log] -failure_mode-> Lost messages [lost-messages]",
        "",
        "New warnings:",
        "  lost-messages: has no edges",
        "  replay-a-log: has no edges",
    ]


def test_new_problems_fail_only_with_fail_on() -> None:
    assert run_cli(*folders("--fail-on", "problems"))[0] == 1
    assert run_cli(*folders("--fail-on", "warnings"))[0] == 1
    # The other way round the broken card is fixed: nothing new to fail on.
    backwards = ["diff", str(DIFF / "new"), str(DIFF / "old"), "--fail-on", "problems"]
    code, out, _ = run_cli(*backwards)
    assert code == 0
    assert "Problems fixed:\n  " in out


def test_json_has_every_change_and_the_word_diff() -> None:
    code, out, _ = run_cli(*folders("--json"))
    data = json.loads(out)
    assert code == 0
    assert [c["id"] for c in data["added"]] == ["replay-a-log"]
    assert [c["id"] for c in data["removed"]] == ["retry-storm"]
    summary = data["changed"][1]["facets"][0]
    assert (summary["field"], summary["old"], summary["new"]) == (
        "summary",
        "Pick a queue when each message is consumed once.",
        "Pick a queue when each message is handled once and then dropped.",
    )
    assert summary["words"] == [
        {"op": "same", "text": "Pick a queue when each message is"},
        {"op": "removed", "text": "consumed once."},
        {"op": "added", "text": "handled once and then dropped."},
    ]
    assert [(c["source"]["id"], c["type"], c["target"]["id"]) for c in data["links_added"]] == [
        ("queue-vs-log", "red_flag", "no-dead-letters")
    ]
    assert data["statuses"][0]["old_state"] == "proposed"
    assert data["statuses"][0]["new_state"] == "accepted"


def test_markdown_escapes_card_text(tmp_path: Path) -> None:
    for side in ("old", "new"):
        shutil.copytree(DIFF / "old", tmp_path / side)
    card = tmp_path / "new" / "lost-messages.yaml"
    card.write_text(card.read_text() + "category: <script>alert(1)</script> *loud*\n")
    code, out, _ = run_cli(
        "diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", "markdown"
    )
    assert code == 0
    assert "- Category: **&lt;script&gt;alert(1)&lt;/script&gt; \\*loud\\***" in out
    assert "<script>" not in out


def test_markdown_stays_under_its_limit_and_says_what_it_left_out(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    for n in range(60):
        card = f"id: card-{n:02}\nkind: red_flag\ntitle: Card {n}\nsummary: A flag worth a line {{}}.\n"
        (tmp_path / "old" / f"card-{n:02}.yaml").write_text(card.format("today"))
        (tmp_path / "new" / f"card-{n:02}.yaml").write_text(card.format("tomorrow"))
    args = ["diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", "markdown"]
    code, out, _ = run_cli(*args, "--max-chars", "2000")
    assert code == 0
    assert len(out) <= 2000
    shown = out.count("(red flag)")
    assert 0 < shown < 60
    assert out.splitlines()[-1] == (
        f"*Left out to keep this under 2,000 characters: {60 - shown} changed cards. "
        "`tradeoffs diff` prints them all.*"
    )
    whole = run_cli(*args)[1]
    assert whole.count("(red flag)") == 60
    assert "Left out" not in whole


def test_word_diff_keeps_runs_in_order() -> None:
    assert [(w.op, w.text) for w in word_diff("a b c d", "a x c d e")] == [
        ("same", "a"),
        ("removed", "b"),
        ("added", "x"),
        ("same", "c d"),
        ("added", "e"),
    ]


def test_a_problem_that_only_moved_is_not_new(tmp_path: Path) -> None:
    for side, lines in (("old", ""), ("new", "# a comment that moves the problem down\n")):
        (tmp_path / side).mkdir()
        (tmp_path / side / "x.yaml").write_text(f"{lines}id: x\nkind: red_flag\n")
    sides = [
        Side(catalogs=[tmp_path / s], label=s, roots=[(tmp_path / s, f"{s}/")])
        for s in ("old", "new")
    ]
    result = diff(*sides)
    assert (result.new_problems, result.fixed_problems) == ([], [])
    assert render.summary(result) == "no change"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout with two commits: the old catalog and records, then the new ones, in
    ``cards/`` and ``docs/decisions/``."""
    git(tmp_path, "init", "-q", "-b", "main")
    for side in ("old", "new"):
        shutil.rmtree(tmp_path / "cards", ignore_errors=True)
        shutil.rmtree(tmp_path / "docs", ignore_errors=True)
        shutil.copytree(DIFF / side, tmp_path / "cards")
        shutil.copytree(DIFF / f"{side}-records", tmp_path / "docs" / "decisions")
        git(tmp_path, "add", "-A")
        git(tmp_path, "commit", "-q", "-m", side)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_git_compares_two_commits_without_touching_the_work_tree(repo: Path) -> None:
    (repo / "cards" / "replay-a-log.yaml").write_text("an edit not committed")
    code, out, err = run_cli("--catalog", "cards", "diff", "--git", "HEAD~1..HEAD", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["old"], data["new"]) == ("HEAD~1", "HEAD")
    assert [c["id"] for c in data["added"]] == ["replay-a-log"]
    assert [c["id"] for c in data["removed"]] == ["retry-storm"]
    assert [s["new"] for s in data["statuses"]] == ["Accepted"]  # records found as usual
    assert data["new_problems"] == ["cards/broken.yaml:1: title: missing (required)"]
    assert git(repo, "status", "--porcelain") == " M cards/replay-a-log.yaml\n"
    assert (repo / "cards" / "replay-a-log.yaml").read_text() == "an edit not committed"


def test_git_one_ref_is_compared_with_the_work_tree(repo: Path) -> None:
    (repo / "cards" / "broken.yaml").unlink()
    code, out, _ = run_cli("--catalog", "cards", "diff", "--git", "HEAD", "--fail-on", "problems")
    assert code == 0
    assert out.splitlines()[:3] == [
        "HEAD -> work tree: 1 problem fixed",
        "",
        "Problems fixed:",
    ]


def test_git_catalog_missing_at_a_commit_is_empty(repo: Path) -> None:
    shutil.copytree(repo / "cards", repo / "more")
    git(repo, "add", "more")
    git(repo, "commit", "-q", "-m", "more")
    code, out, _ = run_cli("--catalog", "more", "diff", "--git", "HEAD~1..HEAD", "--json")
    data = json.loads(out)
    assert code == 0
    assert len(data["added"]) == 4
    assert data["new_problems"] == ["more/broken.yaml:1: title: missing (required)"]


def test_git_errors_are_one_line(repo: Path) -> None:
    code, out, err = run_cli("--catalog", "cards", "diff", "--git", "nosuch..HEAD")
    assert (code, out) == (1, "")
    assert err == f"Error: {repo.resolve()}: no commit is named 'nosuch'\n"
    code, _, err = run_cli("--catalog", "cards", "diff", "--git", "HEAD", "cards", "docs")
    assert code == 2
    assert "--git takes no folders" in err


def test_readme_shows_real_output_for_a_commit_of_this_repository(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = Path(__file__).resolve().parents[1]
    command = "tradeoffs diff --git d58a923~1..d58a923 --format markdown --max-chars 2000"
    has = subprocess.run(
        ["git", "-C", str(root), "cat-file", "-e", "d58a923~1^{commit}"], capture_output=True
    )
    if has.returncode != 0:
        pytest.skip("this checkout lacks the commit the README shows (a shallow clone)")
    readme = (root / "README.md").read_text(encoding="utf-8")
    shown = readme.split(f"$ {command}\n", 1)[1].split("```\n", 1)[0]
    monkeypatch.chdir(root)
    code, out, _ = run_cli(*command.split()[1:])
    assert code == 0
    assert out == shown


def test_a_broken_record_in_both_versions_is_no_new_problem(tmp_path: Path) -> None:
    for side in ("old", "new"):
        shutil.copytree(DIFF / "old", tmp_path / side)
        shutil.copytree(DIFF / "old-records", tmp_path / f"{side}-records")
        record = tmp_path / f"{side}-records" / "0001-use-a-queue.md"
        record.write_text(record.read_text().replace("2024-03-11", "2024-13-45"))
    args = ["--old-records", str(tmp_path / "old-records")]
    args += ["--new-records", str(tmp_path / "new-records")]
    code, out, _ = run_cli("diff", str(tmp_path / "old"), str(tmp_path / "new"), *args, "--json")
    assert code == 0
    assert json.loads(out)["new_problems"] == []
    (tmp_path / "new" / "retry-storm.yaml").write_text("id: retry-storm\nkind: nope\n")
    code, out, _ = run_cli("diff", str(tmp_path / "old"), str(tmp_path / "new"), *args, "--json")
    assert [p.split(":")[0] for p in json.loads(out)["new_problems"]] == [
        f"{tmp_path / 'new'}/retry-storm.yaml"
    ]

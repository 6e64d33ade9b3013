import json
from pathlib import Path

import pytest
from conftest import run_cli


@pytest.mark.parametrize(
    "args",
    [
        ["show", "cron-vs-workflow-engine"],
        ["related", "cron-vs-workflow-engine", "--depth", "2"],
        ["path", "data-drift", "queue-vs-stream"],
        ["search", "cron"],
        ["factor", "ops"],
        ["compare", "cron-vs-workflow-engine", "queue-vs-stream"],
        ["stats"],
        ["validate"],
    ],
)
def test_every_query_command_prints_only_json_with_json(
    mini_catalog: Path, args: list[str]
) -> None:
    code, out, err = run_cli(*args, "--json", catalog=mini_catalog)
    assert (code, err) == (0, "")
    assert isinstance(json.loads(out), dict)


def test_stats_json_has_totals_and_maps(mini_catalog: Path) -> None:
    data = json.loads(run_cli("stats", "--json", catalog=mini_catalog)[1])
    assert (data["nodes"], data["edges"]) == (6, 12)
    assert data["nodes_by_kind"]["failure_mode"] == 2
    assert data["edges_by_type"]["leads_to"] == 1


def test_related_prints_edges_and_distinctions(mini_catalog: Path) -> None:
    code, out, _ = run_cli("related", "queue-vs-stream", catalog=mini_catalog)
    assert code == 0
    assert out.splitlines() == [
        "Queue vs Stream [queue-vs-stream] (decision): 2 related within depth 1",
        "  1  <-confused_with->          Cron Jobs vs Workflow Engine [cron-vs-workflow-engine] (decision)",
        "       That one is about scheduling. This one is about delivery semantics.",
        "  1  -failure_mode->            Silent Job Rot [silent-job-rot] (failure mode)",
    ]


def test_unknown_id_is_one_line_with_a_suggestion(mini_catalog: Path) -> None:
    code, out, err = run_cli("related", "queue-vs-streams", catalog=mini_catalog)
    assert (code, out) == (1, "")
    assert err == "Error: no card with id 'queue-vs-streams' (did you mean queue-vs-stream?)\n"


def test_broken_catalog_lists_every_problem_and_fails(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: a\nkind: red_flag\n")
    (tmp_path / "b.yaml").write_text("id: b\nkind: red_flag\ntitle: B\nseverity: [high]\n")
    code, out, err = run_cli("stats", catalog=tmp_path)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{tmp_path}/a.yaml:1: title: missing (required)",
        f"{tmp_path}/b.yaml:4: severity: must be text (got ['high'])",
        "Error: 2 problem(s)",
    ]
    assert "Traceback" not in err


def test_keep_going_reports_and_still_answers(tmp_path: Path, mini_catalog: Path) -> None:
    for path in mini_catalog.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text())
    (tmp_path / "zz.yaml").write_text("id: zz\n")
    code, out, err = run_cli("--keep-going", "stats", "--json", catalog=tmp_path)
    assert code == 0
    assert json.loads(out)["nodes"] == 6
    assert (
        err
        == f"{tmp_path}/zz.yaml:1: kind: missing: every card needs a kind (decision, failure_mode, red_flag, playbook, record)\n"
    )


def test_validate_strict_fails_on_warnings(tmp_path: Path) -> None:
    (tmp_path / "lonely.yaml").write_text("id: lonely\nkind: red_flag\ntitle: Lonely\n")
    assert run_cli("validate", catalog=tmp_path)[0] == 0
    code, out, _ = run_cli("validate", "--strict", catalog=tmp_path)
    assert code == 1
    assert out.splitlines() == [
        "lonely: has no edges",
        f"read 1 file from {tmp_path}",
        "1 card, 0 edges: invalid (1 problem(s), 0 warning(s))",
    ]


def test_schema_is_json_schema_of_a_card() -> None:
    code, out, _ = run_cli("schema")
    schema = json.loads(out)
    assert code == 0
    assert schema["$schema"].endswith("2020-12/schema")
    assert set(schema["discriminator"]["mapping"]) == {
        "decision",
        "failure_mode",
        "red_flag",
        "playbook",
        "record",
    }


@pytest.mark.parametrize("fmt", ["yaml", "markdown", "json"])
def test_show_formats(mini_catalog: Path, fmt: str) -> None:
    code, out, _ = run_cli("show", "queue-vs-stream", "--format", fmt, catalog=mini_catalog)
    assert code == 0
    assert "Queue vs Stream" in out


def test_import_text_then_show_text_reproduces_the_seed(tmp_path: Path, seed_card: Path) -> None:
    code, out, _ = run_cli("import", str(seed_card), "--out", str(tmp_path / "cards"))
    assert (code, out) == (0, f"wrote {tmp_path}/cards/model-api-vs-self-hosted-model.yaml\n")
    code, text, _ = run_cli(
        "show", "model-api-vs-self-hosted-model", "--format", "text", catalog=tmp_path / "cards"
    )
    assert code == 0
    assert [line.strip() for line in text.splitlines() if line.strip()] == [
        line.strip() for line in seed_card.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    code, _, err = run_cli("import", str(seed_card), "--out", str(tmp_path / "cards"))
    assert code == 1
    assert "already exists" in err and "use --force" in err


def test_import_catalog_json_folder(tmp_path: Path) -> None:
    source = Path(__file__).parent / "data" / "catalog-json"
    code, out, _ = run_cli("import", str(source), "--from", "catalog-json", "--out", str(tmp_path))
    assert code == 0
    written = out.splitlines()
    assert len(written) == len(list(tmp_path.glob("*.yaml"))) >= 10
    assert run_cli("validate", "--json", catalog=tmp_path)[0] == 0


def test_catalog_json_round_trips_through_import_and_export(tmp_path: Path) -> None:
    source = Path(__file__).parent / "data" / "catalog-json"
    run_cli("import", str(source), "--from", "catalog-json", "--out", str(tmp_path / "cards"))
    code, out, _ = run_cli(
        "export", "catalog-json", "-o", str(tmp_path / "out"), catalog=tmp_path / "cards"
    )
    assert (code, out) == (0, f"{tmp_path / 'out'}\n")
    originals = sorted(source.rglob("*.json"))
    assert len(originals) == 5
    for original in originals:
        exported = tmp_path / "out" / original.relative_to(source)
        assert json.loads(exported.read_text()) == json.loads(original.read_text()), original.name

import json
import shutil

from typer.testing import CliRunner

from cablegraph.cli.app import app

runner = CliRunner(env={"COLUMNS": "200"})


def test_build_query_export(tmp_path, seeds_dir):
    store = tmp_path / "store"
    built = runner.invoke(app, ["build", str(seeds_dir), "--store", str(store)])
    assert built.exit_code == 0, built.output
    assert "5 loaded" in built.output
    counted = runner.invoke(
        app,
        [
            "query",
            "--store",
            str(store),
            "--format",
            "csv",
            "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/cablegraph/ns#Telegram> }",
        ],
    )
    assert counted.exit_code == 0 and counted.output.splitlines()[1] == "5"
    exported = runner.invoke(app, ["export", "--format", "json", "--store", str(store)])
    records = [json.loads(line) for line in exported.output.splitlines()]
    assert [r["date"] for r in records] == ["1950-07-13", "1950-10-01", "1950-10-03", "1951-07-03", "1951-09-12"]
    again = runner.invoke(app, ["build", str(seeds_dir), "--store", str(store)])
    assert "5 unchanged" in again.output


def test_build_reports_bad_files_and_exits_1(tmp_path, seeds_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    (corpus / "broken.txt").write_bytes(b"\x00")
    result = runner.invoke(app, ["build", str(corpus), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "broken.txt" in result.output and "binary file" in result.output
    assert "5 loaded, 1 failed" in result.output


def test_extract_prints_records(seeds_dir):
    result = runner.invoke(app, ["extract", str(seeds_dir / "003_1913699800420464.txt")])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["id"] == "003_1913699800420464"
    assert [i["id"] for i in record["intermediaries"]] == ["krasovsky"]


def test_query_refuses_service(tmp_path, seeds_dir):
    store = tmp_path / "store"
    runner.invoke(app, ["build", str(seeds_dir), "--store", str(store)])
    result = runner.invoke(app, ["query", "--store", str(store), "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"])
    assert result.exit_code == 1 and "SERVICE" in result.output


def test_validate_store(tmp_path, seeds_dir):
    store = tmp_path / "store"
    runner.invoke(app, ["build", str(seeds_dir), "--store", str(store)])
    report = tmp_path / "report.ttl"
    result = runner.invoke(app, ["validate", "--store", str(store), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert result.output.count("(0 violations") == 5 and report.exists()


def test_commands_that_read_a_store_use_the_base_it_was_built_with(tmp_path, seeds_dir):
    """Issue 20: a store built under one base and read with the default setting: export links and
    validate finds the documents as the server does, under the base their IRIs were minted with."""
    store = tmp_path / "store"
    built = runner.invoke(
        app, ["build", str(seeds_dir), "--store", str(store), "--base-iri", "https://telegrams.example.org/"]
    )
    assert built.exit_code == 0, built.output
    exported = runner.invoke(app, ["export", "--format", "json", "--store", str(store)])
    records = [json.loads(line) for line in exported.output.splitlines()]
    assert len(records) == 5 and all(r["iri"].startswith("https://telegrams.example.org/") for r in records), records[0]
    validated = runner.invoke(app, ["validate", "--store", str(store)])
    assert validated.exit_code == 0 and validated.output.count("(0 violations") == 5, validated.output


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/cablegraph/ns#Telegram> }"


def _telegrams(store) -> int:
    counted = runner.invoke(app, ["query", "--store", str(store), "--format", "csv", COUNT])
    assert counted.exit_code == 0, counted.output
    return int(counted.output.splitlines()[1])


def test_building_an_empty_folder_refuses_and_drops_nothing(tmp_path, seeds_dir):
    store, empty = tmp_path / "store", tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(app, ["build", str(seeds_dir), "--store", str(store)]).exit_code == 0
    result = runner.invoke(app, ["build", str(empty), "--store", str(store), "--yes"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert (
        str(empty) in result.output and "no telegram file found" in result.output and "nothing dropped" in result.output
    )
    assert _telegrams(store) == 5


def test_dropping_more_than_a_few_documents_needs_yes(tmp_path, seeds_dir):
    store = tmp_path / "store"
    assert runner.invoke(app, ["build", str(seeds_dir), "--store", str(store)]).exit_code == 0
    one = str(seeds_dir / "001_86e2695bae78fc10.txt")
    refused = runner.invoke(app, ["build", one, "--store", str(store)])  # not interactive: no prompt, a refusal
    assert refused.exit_code == 1 and "would drop 4 document(s)" in refused.output and "--yes" in refused.output
    assert _telegrams(store) == 5
    kept = runner.invoke(app, ["build", one, "--store", str(store), "--keep-others"])
    assert kept.exit_code == 0 and _telegrams(store) == 5
    confirmed = runner.invoke(app, ["build", one, "--store", str(store), "--prune"])
    assert confirmed.exit_code == 0 and "4 removed" in confirmed.output and _telegrams(store) == 1


def test_dropping_a_few_documents_goes_ahead(tmp_path, seeds_dir):
    store, corpus = tmp_path / "store", tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    assert runner.invoke(app, ["build", str(corpus), "--store", str(store)]).exit_code == 0
    for name in sorted(p.name for p in corpus.glob("*.txt"))[:3]:
        (corpus / name).unlink()
    result = runner.invoke(app, ["build", str(corpus), "--store", str(store)])
    assert result.exit_code == 0 and "3 removed" in result.output and _telegrams(store) == 2


def test_garbage_is_held_back_and_the_report_says_why(tmp_path, seeds_dir):
    import base64
    import random

    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    blob = base64.b64encode(random.Random(20).randbytes(2300)).decode("ascii")
    (corpus / "scan-upload.txt").write_text(
        "\n".join(blob[i : i + 76] for i in range(0, len(blob), 76)), encoding="utf-8"
    )
    report = tmp_path / "report.json"
    result = runner.invoke(app, ["build", str(corpus), "--store", str(tmp_path / "store"), "--report", str(report)])
    assert result.exit_code == 1 and "held back" in result.output and "no telegram structure" in result.output
    written = json.loads(report.read_text(encoding="utf-8"))
    assert written["summary"]["loaded"] == 5 and written["summary"]["held-back"] == 1 and written["found"] == 6
    held = [d for d in written["documents"] if d["outcome"] == "held-back"]
    assert held == [
        {
            "path": str(corpus / "scan-upload.txt"),
            "id": "scan-upload",
            "outcome": "held-back",
            "reason": "no telegram structure: no date, no title, no correspondent, no header",
            "triples": 0,
            "violations": [],
            "warnings": [],
        }
    ]
    assert sorted(d["id"] for d in written["documents"] if d["outcome"] == "loaded") == sorted(
        p.stem for p in seeds_dir.glob("*.txt")
    )
    assert _telegrams(tmp_path / "store") == 5


def test_help_shows_every_setting_with_its_environment_variable_and_default():
    served = runner.invoke(app, ["serve", "--help"])
    assert served.exit_code == 0
    text = " ".join(served.output.split())
    for shown in (
        "[env: CABLEGRAPH_STORE; default: var/store]",
        "[env: CABLEGRAPH_HOST; default: 127.0.0.1]",
        "[env: CABLEGRAPH_PORT; default: 8000]",
    ):
        assert shown in text, text
    built = " ".join(runner.invoke(app, ["build", "--help"]).output.split())
    assert (
        "[env: CABLEGRAPH_BASE_IRI; default: http://127.0.0.1:8000/]" in built
        and "--report" in built
        and "--yes" in built
    )


def test_user_mistakes_are_errors_that_say_where_and_why_not_tracebacks(tmp_path, seeds_dir):
    store = tmp_path / "store"
    assert (
        runner.invoke(app, ["build", str(seeds_dir / "001_86e2695bae78fc10.txt"), "--store", str(store)]).exit_code == 0
    )
    not_a_store = tmp_path / "notes"
    not_a_store.mkdir()
    cases = [
        (
            ["query", "-f", str(tmp_path / "missing.rq"), "--store", str(store)],
            f"no query file at {tmp_path / 'missing.rq'}",
        ),
        (
            ["export", "--format", "cmif", "-o", str(tmp_path / "nodir" / "x.xml"), "--store", str(store)],
            f"the folder {tmp_path / 'nodir'} does not exist",
        ),
        (
            ["query", "ASK {}", "--store", str(tmp_path / "nowhere")],
            f"no store at {tmp_path / 'nowhere'} (given by --store)",
        ),
        (["export", "--store", str(not_a_store)], f"the folder {not_a_store} (given by --store) holds no store"),
        (["validate", "--store", str(tmp_path / "nowhere")], f"no store at {tmp_path / 'nowhere'}"),
        (["serve", "--store", str(tmp_path / "nowhere")], f"no store at {tmp_path / 'nowhere'}"),
        (["validate", str(tmp_path / "missing.txt")], f"no such file or folder: {tmp_path / 'missing.txt'}"),
        (["eval", str(tmp_path / "nogold"), str(seeds_dir)], f"no gold folder at {tmp_path / 'nogold'}"),
        (
            ["build", str(seeds_dir), "--store", str(store), "--report", str(tmp_path / "nodir" / "r.json"), "--yes"],
            "does not exist",
        ),
    ]
    for args, said in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (
            args,
            result.output,
            result.exception,
        )
        assert said in " ".join(result.output.split()), (args, result.output)
        assert "Traceback" not in result.output


def test_a_missing_default_store_names_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CABLEGRAPH_STORE", raising=False)
    result = runner.invoke(app, ["query", "ASK {}"])
    text = " ".join(result.output.split())
    assert result.exit_code == 1 and f"no store at {tmp_path / 'var' / 'store'} (the default" in text

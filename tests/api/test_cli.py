import json
import shutil

from typer.testing import CliRunner

from cablegraph.api.cli import app

runner = CliRunner(env={"COLUMNS": "200"})


def test_build_query_export(tmp_path, seeds_dir):
    store = tmp_path / "store"
    built = runner.invoke(app, ["build", str(seeds_dir), "--store", str(store)])
    assert built.exit_code == 0, built.output
    assert "5 loaded" in built.output
    counted = runner.invoke(app, ["query", "--store", str(store), "--format", "csv",
                                  "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/cablegraph/ns#Telegram> }"])
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

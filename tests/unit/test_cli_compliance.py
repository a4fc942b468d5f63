"""The compliance commands end to end: `register` on a fresh parser, real SQLite file under tmp_path."""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from bot.app.settings import Settings
from bot.cli.compliance import register
from bot.store import compliance_tables as ct

Run = Callable[..., tuple[int, str, str]]
NUMBER = "+12025550101"
MASKED = "+1202*****01"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("CLEARCALL_DATA_DIR", "CLEARCALL_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLEARCALL_DEFAULT_REGION", "US")
    monkeypatch.setenv("LOGNAME", "alice")  # getpass.getuser() reads it first
    return tmp_path


@pytest.fixture
def run(home: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    parser = argparse.ArgumentParser(prog="clearcall")
    parser.add_argument("--home", default=".")
    register(parser.add_subparsers(dest="command", required=True))

    def _run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        args = parser.parse_args(["--home", str(home), *argv])
        code = args.func(args)
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def database(home: Path) -> sqlite_utils.Database:
    return sqlite_utils.Database(Settings.load(home).db_path)


def test_suppress_add_check_list_remove(run: Run, home: Path) -> None:
    assert run("suppress", "check", "202-555-0101") == (0, "not suppressed\n", "")
    code, out, _ = run("suppress", "add", "(202) 555-0101", "--reason", "asked by email")
    assert (code, out) == (0, f"suppressed {MASKED} (scope global)\n")
    assert run("suppress", "add", NUMBER)[1] == f"already suppressed {MASKED} (scope global)\n"
    assert run("suppress", "check", NUMBER) == (0, "suppressed\n", "")
    assert run("suppress", "check", NUMBER, "--campaign", "spring")[1] == "suppressed\n"

    code, out, _ = run("suppress", "list")
    assert code == 0 and out.startswith(f"{MASKED}\tglobal\toperator\t") and NUMBER not in out
    assert run("suppress", "list", "--full")[1].startswith(f"{NUMBER}\tglobal\t")
    assert run("suppress", "list", "--scope", "spring")[1] == ""

    with pytest.raises(SystemExit):  # argparse: --reason is required
        run("suppress", "remove", NUMBER)
    code, _, err = run("suppress", "remove", NUMBER, "--reason", "  ")
    assert code == 2 and "reason" in err
    assert run("suppress", "remove", NUMBER, "--reason", "wrong scope", "--scope", "spring")[0] == 1
    code, out, _ = run("suppress", "remove", NUMBER, "--reason", "customer asked for calls")
    assert (code, out) == (0, f"removed {MASKED} from the suppression list (scope global)\n")
    assert run("suppress", "check", NUMBER)[1] == "not suppressed\n"

    db = database(home)
    assert {r["actor"] for r in db["audit"].rows} == {"operator:alice"}
    assert db["suppression"].count == 0 and db["audit"].count == 3
    assert Settings.load(home).db_path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    "argv",
    [
        ("suppress", "add", "202-555-0199 ext. 5"),
        ("suppress", "add", "+1 202 555 01"),
        ("suppress", "check", "hello"),
        ("suppress", "remove", "+999 2025550199", "--reason", "r"),
        ("consent", "check", "12"),
        ("consent", "revoke", "2025550199999", "--reason", "r"),
        ("erase", "+999 2025550199"),
    ],
)
def test_bad_numbers_exit_2_with_one_masked_line(run: Run, argv: tuple[str, ...]) -> None:
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert err.startswith("clearcall: ") and err.count("\n") == 1
    assert "2025550199" not in err


def test_scoped_add(run: Run) -> None:
    run("suppress", "add", NUMBER, "--scope", "spring")
    assert run("suppress", "check", NUMBER)[1] == "not suppressed\n"
    assert run("suppress", "check", NUMBER, "--campaign", "spring")[1] == "suppressed\n"


def test_import_export(run: Run, home: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("number,words\n202-555-0101,by letter\n+12025550102,\n202 555 0101,\n")
    code, out, _ = run("suppress", "import", str(source), "--scope", "spring")
    assert (code, out) == (0, f"imported {source}: 3 rows, 2 added, 1 already there\n")
    assert run("suppress", "check", "+12025550102", "--campaign", "spring")[1] == "suppressed\n"

    target = tmp_path / "out.csv"
    code, out, _ = run("suppress", "export", str(target))
    assert code == 0 and out.startswith(f"exported 2 entries to {target}")
    assert target.read_text().splitlines()[0] == "number,scope,source,words,call_id,created_at"
    assert NUMBER in target.read_text()
    code, out, _ = run("suppress", "export", "-")
    assert code == 0 and out.startswith("number,scope,") and out.count("\n") == 3


def test_import_bad_rows_lists_them_and_writes_nothing(run: Run, home: Path, tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("number\n+12025550101\nnot a number\n+1 202 555 01\n")
    code, out, err = run("suppress", "import", str(source))
    assert code == 2 and out == ""
    assert f"{source}:3: " in err and f"{source}:4: " in err and "nothing imported" in err
    assert database(home)["suppression"].count == 0


def test_missing_file(run: Run, tmp_path: Path) -> None:
    code, _, err = run("suppress", "import", str(tmp_path / "nope.csv"))
    assert code == 2 and "nope.csv" in err


def test_consent_import_check_revoke(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "consent.csv"
    source.write_text(f"number,source,evidence,granted_at\n{NUMBER},web,form 17,2024-05-01T10:00:00Z\n")
    assert run("consent", "check", NUMBER) == (0, "no consent\n", "")
    assert (
        run("consent", "import", str(source))[1] == f"imported {source}: 1 rows, 1 added, 0 already there\n"
    )
    assert run("consent", "check", "202-555-0101") == (0, "consent\n", "")
    with pytest.raises(SystemExit):
        run("consent", "revoke", NUMBER)
    assert run("consent", "revoke", NUMBER, "--reason", "asked") == (
        0,
        f"revoked 1 consent record(s) for {MASKED}\n",
        "",
    )
    assert run("consent", "check", NUMBER)[1] == "no consent\n"
    assert run("consent", "revoke", NUMBER, "--reason", "again")[0] == 1


def test_erase(run: Run, home: Path, tmp_path: Path) -> None:
    source = tmp_path / "consent.csv"
    source.write_text(f"number,source,evidence\n{NUMBER},web,form 17\n")
    run("consent", "import", str(source))
    db = database(home)
    db["calls"].insert({"id": "c1", "caller": NUMBER, "callee": "100"})
    db["turns"].insert({"call_id": "c1", "seq": 1, "heard": "my name is Ann"})
    db.close()
    code, out, _ = run("erase", "202-555-0101")
    assert code == 0
    counts = "calls 1, consent 1, personal_audio 0, recordings 0, turns 1"
    assert out == f"erased {MASKED}: {counts}, recording files 0\n" + (
        "suppression entry added (the number must never be called again)\n"
    )
    assert run("suppress", "check", NUMBER)[1] == "suppressed\n"
    assert run("consent", "check", NUMBER)[1] == "no consent\n"
    db = database(home)
    assert db["calls"].count == 0 and db["turns"].count == 0
    assert run("audit", "list", "--limit", "1")[1].split("\t")[3] == "erase"


def test_audit_verify_and_list(run: Run, home: Path) -> None:
    assert run("audit", "verify") == (0, "audit chain intact: 0 rows, last hash -\n", "")
    for n in range(3):
        run("suppress", "add", f"+1202555010{n}")
    code, out, _ = run("audit", "verify")
    assert code == 0 and out.startswith("audit chain intact: 3 rows, last hash ")

    code, out, _ = run("audit", "list", "--limit", "2")
    lines = out.splitlines()
    assert code == 0 and [line.split("\t")[0] for line in lines] == ["2", "3"]
    assert lines[0].split("\t")[2:5] == ["operator:alice", "suppress.add", "+1202*****01"]
    with pytest.raises(SystemExit):
        run("audit", "list", "--limit", "0")

    conn = sqlite3.connect(Settings.load(home).db_path, isolation_level=None)
    conn.execute("drop trigger audit_no_update")
    conn.execute("update audit set details = '{}' where id = 2")
    conn.close()
    code, out, _ = run("audit", "verify")
    assert code == 1 and out.startswith("audit chain BROKEN at row 2:")
    assert run("suppress", "list")[0] == 0  # opening the file again puts the trigger back
    assert "audit_no_update" in database(home).triggers_dict


@pytest.mark.parametrize(
    ("text", "lang", "phrase"),
    [
        ("please stop calling me", "en", "stop calling me"),
        ("stop", "en", "stop"),
        ("I'll call you back", "en", None),
        ("전화하지 마세요", "ko", "전화하지 마세요"),
        ("别再给我打电话了", "zh", "别再给我打电话"),
        ("我想了解一下", "zh-CN", None),
    ],
)
def test_optout_check(run: Run, text: str, lang: str, phrase: str | None) -> None:
    code, out, _ = run("optout", "check", text, "--lang", lang)
    assert code == 0
    result = json.loads(out)
    assert result["opt_out"] is (phrase is not None)
    if phrase is None:
        assert result["phrase"] is None
    else:
        assert isinstance(result["phrase"], str) and result["phrase"]


def test_optout_check_says_when_the_learned_model_decided(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "i want nothing more to do with your calls"  # no rule catches it (test_optout_model.py)
    result = json.loads(run("optout", "check", text, "--lang", "en")[1])
    assert result["opt_out"] is True and result["phrase"] == "classifier:en"
    assert 0.5 < result["probability"] <= 1
    monkeypatch.setenv("CLEARCALL_OPTOUT_MODEL", "off")
    assert json.loads(run("optout", "check", text, "--lang", "en")[1])["opt_out"] is False


def test_optout_check_unknown_language(run: Run) -> None:
    code, out, err = run("optout", "check", "arrêtez", "--lang", "fr")
    assert code == 2 and out == "" and "fr" in err


def test_every_change_leaves_a_verifiable_chain(run: Run, home: Path, tmp_path: Path) -> None:
    source = tmp_path / "dnc.csv"
    source.write_text("number\n+12025550103\n")
    run("suppress", "add", NUMBER)
    run("suppress", "import", str(source))
    run("suppress", "remove", NUMBER, "--reason", "r")
    run("erase", "+12025550103")
    run("suppress", "export", str(tmp_path / "out.csv"))
    db = database(home)
    assert [r["action"] for r in ct.audit_tail(db, 100)] == [
        "suppress.add",
        "suppress.import",
        "suppress.remove",
        "erase",
        "suppress.export",
    ]
    assert ct.verify_audit(db).ok

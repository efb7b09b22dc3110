"""One grammar for every subcommand: each row is a command line, its exit status, and the first
line it prints (on standard error, or on standard output where marked). The problem cases of a
first use are here, each now a usage error (64) or a correct output; README.md's exit status
table is the one these follow."""
import os
import pathlib
import re
import subprocess

import pytest

from xlsx_support import jixiao_binary

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "Examples"
YUNNAN = EXAMPLES / "yunnan-chenggong-2021-project.txt"
CHENGDE = EXAMPLES / "hebei-chengde-2021-department.txt"
GOLDEN = ROOT / "Tests" / "JixiaoTests" / "Fixtures" / "golden"
SEED = GOLDEN / "yunnan-chenggong-2021-project.yaml"
EZHOU = GOLDEN / "hubei-ezhou-2024-department.yaml"
VALID = ROOT / "Tests" / "JixiaoTests" / "Fixtures" / "registry" / "broken" / "valid.yaml"

USAGE = 64

# (subcommand, arguments, exit status, first line: a prefix, or "out:" + a prefix of standard output).
# {out} is a fresh folder, {bad} a file no reader takes, {registry} a local registry folder.
TABLE = [
    # convert: --to for output formats, --template implies xlsx, -o's extension must be writable.
    ("convert", [CHENGDE, "--template", "yunnan-project", "--out-dir", "{out}/d"], 0,
     f"{CHENGDE}: warning: 1 warning (xlsx-template-kind)"),
    ("convert", [CHENGDE, "-o", "{out}/x.csv"], USAGE, "Error: Jixiao cannot write .csv files (-o {out}/x.csv); it writes yaml (.yaml, .yml), xlsx (.xlsx)"),
    ("convert", [CHENGDE, "-o", "{out}/x.txt"], USAGE, "Error: Jixiao cannot write .txt files (-o {out}/x.txt); it writes yaml"),
    ("convert", [CHENGDE, "--to", "text"], USAGE, "Error: Jixiao can read text but not write it; --to takes yaml, xlsx"),
    ("convert", [CHENGDE, "--to", "pdf"], USAGE, "Error: Jixiao can read pdf but not write it; --to takes yaml, xlsx"),
    ("convert", [CHENGDE, "--to", "xlsl"], USAGE, "Error: unknown output format 'xlsl' (did you mean xlsx"),
    ("convert", [CHENGDE, "--template", "nowhere"], USAGE, "Error: no template 'nowhere'; known: hebei-project-combined, "),
    ("convert", [CHENGDE, "--template", "yunan-project"], USAGE, "Error: no template 'yunan-project' (did you mean yunnan-project?); known: "),
    ("convert", [CHENGDE, "--template", "yunnan-project@9.0.0"], USAGE, "Error: no version '9.0.0' of template yunnan-project"),
    ("convert", [YUNNAN, "--to", "xlsx", "-o", "{out}/y.xlsx"], 0,
     f"{YUNNAN}: warning: 5 warnings (unknown-label, op-code-doubtful ×2, nature-code-doubtful ×2); no --template named: filling yunnan-project"),
    ("convert", [YUNNAN, "-o", "{out}/y.xlsx"], 0, f"{YUNNAN}: warning: 5 warnings"),
    ("convert", [CHENGDE, "--to", "xlsx", "-o", "{out}/c.xlsx"], USAGE,
     f"{CHENGDE}: error: --to xlsx needs --template ID: mapping common@1.4.0 names no department form"),
    ("convert", [YUNNAN, "--to", "yaml", "-o", "{out}/a.xlsx"], USAGE, "Error: -o {out}/a.xlsx is a .xlsx file but --to asks for yaml"),
    ("convert", [YUNNAN, "--to", "yaml", "--template", "yunnan-project"], USAGE,
     "Error: --template fills an xlsx form; it cannot go with --to yaml"),
    ("convert", [YUNNAN, "--template", "yunnan-project", "-o", "{out}/t.yaml"], USAGE,
     "Error: --template fills an xlsx form; it cannot go with -o {out}/t.yaml"),
    ("convert", [YUNNAN, "-o", "{out}/a.yaml", "--out-dir", "{out}/d"], USAGE, "Error: use either -o/--output or --out-dir, not both"),
    ("convert", [YUNNAN, "--format", "json", "-o", "{out}/j.yaml"], 0, "{"),
    ("convert", [YUNNAN, "--format", "xml"], USAGE, "Error: The value 'xml' is invalid for '--format <text|json>'"),
    ("convert", [YUNNAN, "--report", "json", "-o", "{out}/r.yaml"], 0, "jixiao: --report json is deprecated; use --format json"),
    ("convert", [YUNNAN, "--mapping", "yunnan", "-o", "{out}/m.yaml"], 0, f"{YUNNAN}: warning: 5 warnings"),
    ("convert", [YUNNAN, "--mapping", "yunan"], USAGE, "Error: no mapping 'yunan' (did you mean "),
    ("convert", [YUNNAN, "--registry", "{registry}", "-o", "{out}/g.yaml"], 0, f"{YUNNAN}: warning: 5 warnings"),
    ("convert", [YUNNAN, "--registry", "{out}/nowhere"], USAGE, "Error: --registry {out}/nowhere is not a folder"),
    ("convert", [YUNNAN, "--from", "txt"], USAGE, "Error: unknown input format 'txt' (did you mean text?); --from takes "),
    ("convert", [YUNNAN, "-j", "0"], USAGE, "Error: -j needs a number of jobs of at least 1"),
    ("convert", [YUNNAN, "--strict"], 1, f"{YUNNAN}: warning: 5 warnings"),
    ("convert", ["{bad}"], 2, "{bad}:2:7: error: "),
    ("convert", [YUNNAN, CHENGDE, "--out-dir", "{out}/two", "-q"], 0, ""),
    ("convert", [EXAMPLES, "--out-dir", "{out}/folder"], 0, f"{EXAMPLES}/"),
    # validate: --framework, --format, --mapping, folders.
    ("validate", [VALID], 0, f"out:{VALID} #1 "),
    ("validate", [VALID, VALID, "--framework", "national@2.0.0"], 0, f"out:{VALID} #1 "),
    ("validate", [VALID, "--schema", "national@2.0.0"], 0, "jixiao: --schema is deprecated; use --framework"),
    ("validate", [VALID, "--framework", "nationl"], USAGE, "Error: no framework 'nationl' (did you mean national?); known: "),
    ("validate", [VALID, "--framework", "national@9.0.0"], USAGE, "Error: no version '9.0.0' of framework national; versions: 1.0.0, 2.0.0"),
    ("validate", [VALID, "--format", "json"], 0, "out:{"),
    ("validate", [VALID, "--format", "table"], 0, "jixiao: --format table is deprecated; use --format text"),
    ("validate", [YUNNAN, "--mapping", "yunnan"], 1, f"out:{YUNNAN} #1 "),
    ("validate", [YUNNAN, "--mapping", "yunan"], USAGE, "Error: no mapping 'yunan'"),
    ("validate", [VALID, "--registry", "{registry}"], 0, f"out:{VALID} #1 "),
    ("validate", [EXAMPLES], 1, f"out:{EXAMPLES}/"),
    ("validate", ["{bad}"], 2, "out:{bad}"),
    # migrate: --framework (not --to), several inputs, YAML out.
    ("migrate", [SEED, "--framework", "national@2.0.0", "-o", "{out}/m.yaml"], 0, "Examples/yunnan-chenggong-2021-project.txt:167: moved "),
    ("migrate", [SEED, SEED, "--framework", "national@2.0.0", "--from-framework", "national@1.0.0", "-o", "{out}/two.yaml"], 0,
     f"{SEED}: Examples/yunnan-chenggong-2021-project.txt:167: moved "),
    ("migrate", [SEED, "--to", "national@2.0.0", "-o", "{out}/old.yaml"], 0, "jixiao: --to is deprecated; use --framework"),
    ("migrate", [SEED], USAGE, "Error: Missing expected argument '--framework <ID@VERSION>'"),
    ("migrate", [SEED, "--framework", "national@3.0.0"], USAGE, "Error: no version '3.0.0' of framework national"),
    ("migrate", [SEED, "--framework", "national@2.0.0", "-o", "{out}/m.xlsx"], USAGE, "Error: migrate writes canonical YAML; -o {out}/m.xlsx is not"),
    ("migrate", [EZHOU, "--framework", "national@2.0.0", "-o", "{out}/e.yaml"], 1, "Examples/hubei-ezhou-2024-department.txt:"),
    ("migrate", [YUNNAN, "--mapping", "yunnan", "--framework", "national@2.0.0", "-o", "{out}/t.yaml"], 0, f"{YUNNAN}:167: moved "),
    ("migrate", ["{bad}", "--framework", "national@2.0.0"], 2, "{bad}:2:7: error: "),
    # export: --mapping, folders, an .xlsx out.
    ("export", [EXAMPLES, "-o", "{out}/all.xlsx"], 0, "exported 155 indicator rows of 11 filings from 6 of 6 inputs"),
    ("export", [YUNNAN, "--mapping", "yunnan", "-o", "{out}/y.xlsx"], 0, "exported "),
    ("export", [YUNNAN, "--mapping", "yunan", "-o", "{out}/y.xlsx"], USAGE, "Error: no mapping 'yunan'"),
    ("export", [YUNNAN, "-o", "{out}/all.csv"], USAGE, "Error: export writes one .xlsx workbook; -o {out}/all.csv is not one"),
    ("export", [YUNNAN, "{bad}", "-o", "{out}/b.xlsx"], 2, "{bad}:2:7: "),
    # tables: --format, --mapping.
    ("tables", [YUNNAN, "--format", "json"], 0, "out:{"),
    ("tables", [YUNNAN], 0, "out:"),
    ("tables", [YUNNAN, "--format", "xml"], USAGE, "Error: The value 'xml' is invalid for '--format <text|json>'"),
    ("tables", [YUNNAN, "--mapping", "yunan"], USAGE, "Error: no mapping 'yunan'"),
    ("tables", ["{bad}"], 2, "{bad}"),
    ("tables", [YUNNAN, EXAMPLES / "hubei-qingshan-2020-project.docx"], 0, f"out:lines 44–266 ({YUNNAN}:44, "),
    ("tables", [EXAMPLES, "--format", "json"], 0, "out:{"),
    ("tables", ["{bad}", YUNNAN, "--format", "json"], 2, "{bad}: error: yaml input holds no tables to recover"),
    # schema, templates, formats: --format json, the old --json with a notice.
    ("schema", ["list", "--format", "json"], 0, "out:["),
    ("schema", ["list", "--json"], 0, "jixiao: --json is deprecated; use --format json"),
    ("schema", ["show", "nationl"], USAGE, "Error: no artefact 'nationl' (did you mean national"),
    ("schema", ["diff", "national@1.0.0", "national@3.0.0"], USAGE, "Error: no version '3.0.0' of framework national"),
    ("schema", ["check", "national"], 1, "out:backward: not compatible"),
    ("schema", ["check", "national@1.0.0", "--format", "json"], 0, "out:{"),
    ("templates", ["--format", "json"], 0, "out:["),
    ("templates", ["--ids"], 0, "out:hebei-project-combined"),
    ("templates", ["--json"], 0, "jixiao: --json is deprecated; use --format json"),
    ("formats", ["--format", "json"], 0, "out:["),
    ("formats", [], 0, "out:format  read  write"),
    ("serve", ["--port", "70000"], USAGE, "Error: --port takes 0 to 65535"),
    # No input at all, the same everywhere.
    *[(subcommand, [], USAGE, "Error: Missing expected argument '<INPUT> ...'")
      for subcommand in ("convert", "validate", "migrate", "export", "tables")],
    ("convert", [YUNNAN, "--template"], USAGE, "Error: Missing value for '--template <ID>'"),
    ("serve", ["--registry", "{out}/nowhere"], USAGE, "Error: --registry {out}/nowhere is not a folder"),
]


def run(*arguments, cwd=None):
    return subprocess.run([str(jixiao_binary()), *map(str, arguments)], capture_output=True, text=True, timeout=300,
                          cwd=cwd or ROOT)


@pytest.fixture
def places(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: jixiao/1\nkind: projekt\n", encoding="utf-8")
    registry = tmp_path / "registry"
    (registry / "Mappings").mkdir(parents=True)
    out = tmp_path / "out"
    out.mkdir()
    return {"out": str(out), "bad": str(bad), "registry": str(registry)}


def fill(text, places):
    text = str(text)
    for key, value in places.items():
        text = text.replace("{" + key + "}", value)
    return text


@pytest.mark.parametrize("subcommand, arguments, status, first", TABLE,
                         ids=[f"{row[0]} {' '.join(str(a).replace(str(ROOT) + '/', '') for a in row[1])}" for row in TABLE])
def test_the_command_table(subcommand, arguments, status, first, places):
    result = run(subcommand, *(fill(argument, places) for argument in arguments))
    assert result.returncode == status, (result.returncode, result.stderr[-1500:])
    first = fill(first, places)
    stream = result.stderr
    if first.startswith("out:"):
        stream, first = result.stdout, first[len("out:"):]
    lines = stream.splitlines()
    assert (lines[0] if lines else "").startswith(first), stream[:1500]
    if status == USAGE and stream.startswith("Error: ") and subcommand != "schema":
        # The subcommand's own usage, not the top level's.
        assert any(line.startswith(f"Usage: jixiao {subcommand} ") for line in lines[1:]), stream


def test_a_template_makes_xlsx_and_a_wrong_output_writes_nothing(places):
    out = pathlib.Path(places["out"])
    assert run("convert", CHENGDE, "--template", "yunnan-project", "--out-dir", out / "d").returncode == 0
    assert sorted(path.suffix for path in (out / "d").iterdir()) == [".xlsx", ".xlsx"]
    for name in ("x.csv", "x.txt"):
        assert run("convert", CHENGDE, "-o", out / name).returncode == USAGE
        assert not (out / name).exists()


def test_the_chosen_template_is_said_once_and_used(places):
    out = pathlib.Path(places["out"]) / "y.xlsx"
    result = run("convert", YUNNAN, "--to", "xlsx", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("filling yunnan-project, the project form of mapping yunnan@1.0.0") == 1
    back = run("convert", out, "-v")
    assert "read with template yunnan-project@1.1.0" in back.stderr
    # A form read back goes into the form it was read with.
    again = run("convert", out, "--to", "xlsx", "-o", out.with_name("again.xlsx"))
    assert again.returncode == 0, again.stderr
    assert "filling yunnan-project, the form the workbook was read with (yunnan-project@1.1.0)" in again.stderr


@pytest.mark.parametrize("example", sorted(path.name for path in EXAMPLES.iterdir()))
def test_converting_an_example_to_xlsx_prints_at_most_one_line_per_form(example, places):
    path = EXAMPLES / example
    filings = run("convert", path).stdout.count("format: jixiao/1")
    for template in ("national-core", "hubei-department"):
        result = run("convert", path, "--template", template, "-o", pathlib.Path(places["out"]) / f"{template}.xlsx")
        assert result.returncode == 0, result.stderr
        lines = result.stderr.splitlines()
        assert 1 <= filings and len(lines) <= filings, result.stderr
        assert all(line.startswith(f"{path}: ") for line in lines), result.stderr
        verbose = run("convert", path, "--template", template, "-o", pathlib.Path(places["out"]) / f"{template}-v.xlsx", "-v")
        assert len(verbose.stderr.splitlines()) > len(lines)
        assert "[xlsx-field-hidden]" in verbose.stderr


def test_in_a_batch_every_line_starts_with_its_file(places):
    result = run("convert", EXAMPLES, "--template", "national-core", "--out-dir", pathlib.Path(places["out"]) / "batch", "-j", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    summary = [line for line in lines if line.startswith("converted ")]
    assert summary and summary[-1].startswith("converted 6 of 6 inputs")
    assert all(line.startswith(f"{EXAMPLES}/") for line in lines if line not in summary), result.stderr
    # Several filings in one workbook: a line per form, starting with the file and the form's sheet.
    book = pathlib.Path(places["out"]) / "both.xlsx"
    result = run("convert", YUNNAN, CHENGDE, "--template", "national-core", "-o", book)
    assert result.returncode == 0, result.stderr
    assert any(line.startswith(f"{book}:") for line in result.stderr.splitlines()), result.stderr


SUBCOMMANDS = ["convert", "export", "formats", "templates", "tables", "validate", "schema", "schema list", "schema show",
               "schema diff", "schema check", "migrate", "serve"]


@pytest.mark.parametrize("subcommand", [""] + SUBCOMMANDS)
def test_help_keeps_each_example_on_its_line(subcommand):
    result = run(*subcommand.split(), "--help")
    assert result.returncode == 0
    # One default per option ("-j" once said "(default: all cores). (default: 2)").
    options = re.split(r"\n  (?=-)", result.stdout.split("OPTIONS:", 1)[-1])
    assert all(option.count("(default:") <= 1 for option in options), result.stdout
    examples = result.stdout.split("Examples:\n", 1)
    if len(examples) == 2:
        block = examples[1].split("\n\n", 1)[0]
        assert all(line.startswith("  ") for line in block.splitlines()), block


def test_every_reading_subcommand_takes_the_same_input_options():
    for subcommand in ("convert", "export", "validate", "migrate", "tables"):
        text = run(subcommand, "--help").stdout
        for option in ("--from <FORMAT>", "--mapping <ID>", "--registry <DIR>", "<INPUT> ..."):
            assert option in text, (subcommand, option)
    for subcommand in ("convert", "validate", "tables", "schema list", "schema show", "schema diff", "schema check", "templates", "formats"):
        assert "--format <text|json>" in run(*subcommand.split(), "--help").stdout, subcommand
    assert "--framework <ID@VERSION>" in run("validate", "--help").stdout
    assert "--framework <ID@VERSION>" in run("migrate", "--help").stdout
    assert "--to <ID@VERSION>" not in run("migrate", "--help").stdout


def test_the_readme_has_one_exit_status_table_and_the_commands_keep_to_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("| exit status |") == 1
    table = readme.split("| exit status |", 1)[1].split("\n\n", 1)[0]
    codes = re.findall(r"^\| (\d+) \|", table, re.M)
    assert codes == ["0", "1", "2", "64", "130"]
    assert {row[2] for row in TABLE} <= {int(code) for code in codes}


def test_the_manual_is_the_commands_help():
    result = run("--generate-manual")
    assert result.returncode == 0
    assert result.stdout.startswith(".TH JIXIAO 1 ")
    for subcommand in SUBCOMMANDS:
        assert f'.SH "JIXIAO {subcommand.upper()}"' in result.stdout, subcommand
    assert ".SH EXIT STATUS" in result.stdout


def bash_completions(words, cwd):
    """COMPREPLY of the generated bash completion for a command line whose last word is being typed."""
    script = run("--generate-completion-script", "bash").stdout
    binary = str(jixiao_binary())
    line = " ".join([binary] + words)
    program = (f"{script}\nCOMP_WORDS=({' '.join(repr(word) for word in [binary] + words)}); COMP_CWORD={len(words)}; "
               f"COMP_LINE={line!r}; COMP_POINT=${{#COMP_LINE}}; "
               f"_jixiao {binary!r} {words[-1]!r} {(words[-2] if len(words) > 1 else binary)!r}; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
    result = subprocess.run(["bash", "-c", program], capture_output=True, text=True, timeout=60, cwd=cwd)
    return [line for line in result.stdout.splitlines() if line]


def test_bash_completes_subcommands_and_template_ids(tmp_path):
    assert bash_completions(["conv"], tmp_path) == ["convert"]
    ids = run("templates", "--ids").stdout.split()
    assert "yunnan-project" in ids
    assert bash_completions(["convert", "filing.yaml", "--template", ""], tmp_path) == ids
    assert bash_completions(["convert", "filing.yaml", "--template", "yun"], tmp_path) == ["yunnan-project"]
    assert bash_completions(["convert", "filing.yaml", "--to", ""], tmp_path) == ["yaml", "xlsx"]
    assert "national@2.0.0" in bash_completions(["migrate", "old.yaml", "--framework", ""], tmp_path)


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_completion_scripts_know_the_template_option(shell):
    result = run("--generate-completion-script", shell)
    assert result.returncode == 0 and "template" in result.stdout


def test_setup_installs_completion_and_the_man_page(tmp_path):
    result = subprocess.run(["bash", ROOT / "scripts" / "setup.sh", "--shell-files"], capture_output=True, text=True,
                            env={**os.environ, "DESTDIR": str(tmp_path)}, timeout=120)
    assert result.returncode == 0, result.stderr
    installed = {path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file()}
    assert installed == {"usr/share/bash-completion/completions/jixiao", "usr/local/share/zsh/site-functions/_jixiao",
                         "usr/share/fish/vendor_completions.d/jixiao.fish", "usr/local/share/man/man1/jixiao.1"}
    assert (tmp_path / "usr/local/share/man/man1/jixiao.1").read_text(encoding="utf-8").startswith(".TH JIXIAO 1")

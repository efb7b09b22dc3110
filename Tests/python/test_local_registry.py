"""A local registry layered over the shipped one (`--registry DIR` or JIXIAO_REGISTRY): its
artefacts are added to the shipped ones for every command, a draft of the same name is replaced,
and a released version can never be changed by it."""
import os
import subprocess

import yaml

from xlsx_support import jixiao_binary

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(os.path.dirname(HERE))
TEXT = "一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t数量指标\t巡河次数\t≥12次\n"


def run(*arguments, env=None):
    return subprocess.run([str(jixiao_binary()), *map(str, arguments)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def local_mapping(folder, header_word):
    # A county's own word for the name column, in a mapping of its own extending the shipped one.
    (folder / "Mappings").mkdir(parents=True)
    (folder / "Mappings" / "county@1.0.0.yaml").write_text(
        "id: county\nversion: 1.0.0\nstatus: draft\ntitle: 某县项目绩效目标表\nextends: common@1.4.0\n"
        f"frameworks: [national@1.0.0]\ncolumns:\n  name: [{header_word}]\n", encoding="utf-8")


def test_a_local_mapping_reads_what_the_shipped_ones_cannot(tmp_path):
    local_mapping(tmp_path / "local", "考核要点")
    filing = tmp_path / "filing.txt"
    filing.write_text(TEXT.replace("三级指标", "考核要点"), encoding="utf-8")
    shipped = run("convert", filing, "--to", "yaml", "--mapping", "county")
    assert shipped.returncode != 0 and "county" in shipped.stderr
    for arguments, env in ((["--registry", tmp_path / "local"], None), ([], {"JIXIAO_REGISTRY": str(tmp_path / "local")})):
        layered = run("convert", filing, "--to", "yaml", "--mapping", "county", *arguments, env=env)
        assert layered.returncode == 0, layered.stderr
        indicators = yaml.safe_load(layered.stdout)["indicators"]
        assert [(i["name"], i["op"], i["value"], i["unit"]) for i in indicators] == [("巡河次数", ">=", 12, "次")]


def test_local_artefacts_are_listed_beside_the_shipped_ones(tmp_path):
    local = tmp_path / "local"
    (local / "Schemas" / "templates").mkdir(parents=True)
    shipped = open(os.path.join(PACKAGE, "Schemas", "templates", "national-core@1.1.0.yaml"), encoding="utf-8").read()
    (local / "Schemas" / "templates" / "county-core@1.0.0.yaml").write_text(
        shipped.replace("id: national-core", "id: county-core").replace("version: 1.1.0", "version: 1.0.0")
               .replace("status: released", "status: draft"), encoding="utf-8")
    listed = run("templates", "--format", "json", "--registry", local)
    assert listed.returncode == 0, listed.stderr
    assert "county-core" in listed.stdout and "national-core" in listed.stdout
    assert "county-core" not in run("templates", "--format", "json").stdout


def test_a_released_version_cannot_be_changed_by_a_local_file(tmp_path):
    local = tmp_path / "local"
    (local / "Schemas" / "frameworks").mkdir(parents=True)
    source = open(os.path.join(PACKAGE, "Schemas", "frameworks", "national@2.0.0.yaml"), encoding="utf-8").read()
    assert "status: released" in source
    changed = local / "Schemas" / "frameworks" / "national@2.0.0.yaml"
    changed.write_text(source.replace("title:", "title: 改过的", 1), encoding="utf-8")
    run_ = run("validate", os.path.join(PACKAGE, "Examples", "yunnan-chenggong-2021-project.txt"), "--registry", local)
    assert run_.returncode != 0
    assert f"{changed}: the local registry changes national@2.0.0, which the shipped registry has released" in run_.stderr, run_.stderr
    # The same bytes are no change.
    changed.write_text(source, encoding="utf-8")
    assert "registry-released-changed" not in run("validate", os.path.join(PACKAGE, "Examples", "yunnan-chenggong-2021-project.txt"),
                                                  "--registry", local).stderr

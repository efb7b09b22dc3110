"""Canonical YAML written by jixiao, read back by PyYAML: values and types as a user sees them."""
import yaml

FILING = """\
format: jixiao/1
kind: project
title: 目督专项经费
fiscal_year: '2021'
organization:
  code: '0101'
  phone: '0871-67476028'
project:
  budget:
    total: 3.6
indicators:
- level1: 产出指标
  name: 'true'
  op: '>='
  value: 90
  unit: '%'
  period: annual
  description: |
    第一行
    第二行
- name: 质量
  op: '='
  value: '100'
  period: long_term
"""


def test_pyyaml_reads_typed_values(jixiao, tmp_path):
    source = tmp_path / "in.yaml"
    source.write_text(FILING, encoding="utf-8")
    result = jixiao("convert", source)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("utf-8") == FILING
    data = yaml.safe_load(result.stdout)
    assert data["fiscal_year"] == "2021"
    assert data["organization"] == {"code": "0101", "phone": "0871-67476028"}
    assert data["project"]["budget"]["total"] == 3.6
    first, second = data["indicators"]
    assert first["name"] == "true" and first["op"] == ">=" and first["value"] == 90 and first["unit"] == "%"
    assert first["description"] == "第一行\n第二行\n"
    assert second["value"] == "100" and second["op"] == "="


def test_stream_of_several_filings(jixiao, tmp_path):
    (tmp_path / "a.yaml").write_text("format: jixiao/1\nkind: project\ntitle: 甲\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("format: jixiao/1\nkind: department\ntitle: 'yes'\n", encoding="utf-8")
    result = jixiao("convert", tmp_path / "a.yaml", tmp_path / "b.yaml")
    assert result.returncode == 0
    documents = list(yaml.safe_load_all(result.stdout))
    assert [d["title"] for d in documents] == ["甲", "yes"]
    assert [d["kind"] for d in documents] == ["project", "department"]


def test_malformed_yaml_exit_code_and_message(jixiao, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: jixiao/1\nkind: project\ntitle: a\ntitle: b\n", encoding="utf-8")
    result = jixiao("convert", bad)
    assert result.returncode == 2
    assert result.stdout == b""
    assert f"{bad}:4:1: error: duplicate key 'title'".encode() in result.stderr

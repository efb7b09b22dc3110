"""`jixiao export` checked with openpyxl: headers from the export layout, one row per indicator,
numbers as numbers, and the same cells as the plain-C floor program writes."""
import pathlib

import openpyxl

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_export_of_the_examples(jixiao, tmp_path):
    output = tmp_path / "all.xlsx"
    result = jixiao("export", ROOT / "Examples", "-o", output, "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    sheet = openpyxl.load_workbook(output).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "指标"
    assert rows[0][:9] == ("来源", "单位名称", "项目名称", "标题", "年度", "期间", "一级指标", "二级指标", "三级指标")
    # The five text examples' 148 rows and the Word example's 7.
    assert len(rows) == 1 + 148 + 7
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:P156"
    by_source = {row[0].rsplit("/", 1)[-1]: row for row in rows[1:]}
    # Hunan, 文体活动次数: \geqslant 2 次, weight 2.5分.
    row = by_source["hunan-hengyang-2024-department.txt:35"]
    assert row[4:] == ("2024", "年度", "产出指标", "数量指标", "文体活动次数", ">=", 2, "次", "定量", 2.5,
                       None, "按要求开展2次活动得满分,每少开展1次扣1.25分")
    # Hubei, a long-term row of the department framework.
    hubei = [r for r in rows[1:] if "/hubei-ezhou" in r[0]]
    word = [r for r in rows[1:] if "/hubei-qingshan-2020-project.docx" in r[0]]
    assert [r[8] for r in word][:2] == ["重点建设工程安排数量", "重点建设工程验收合格率"]
    assert len(hubei) == 76 and {r[5] for r in hubei} == {"年度", "长期"}

"""What a user would write instead of `jixiao export`: PyYAML (its C loader when present) plus
XlsxWriter in constant-memory mode, writing the same cells as the consolidated export layout
(Schemas/exports/consolidated@1.0.0.yaml).

    python3 export_xlsxwriter.py OUT.xlsx IN.yaml...
"""
import sys

import xlsxwriter
import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

HEADERS = ["来源", "单位名称", "项目名称", "标题", "年度", "期间", "一级指标", "二级指标", "三级指标",
           "符号", "指标值", "计量单位", "指标性质", "权重", "指标值确定依据", "评（扣）分标准"]
WIDTHS = [28, 30, 26, 26, 8, 10, 14, 18, 30, 6, 12, 10, 12, 8, 24, 40]
INDICATOR_KEYS = ["source", None, None, None, None, "period", "level1", "level2", "name",
                  "op", "value", "unit", "nature", "weight", "basis", "scoring"]


def main():
    workbook = xlsxwriter.Workbook(sys.argv[1], {"constant_memory": True})
    sheet = workbook.add_worksheet("指标")
    bold = workbook.add_format({"bold": True, "font_size": 10, "font_name": "宋体", "align": "left",
                                "valign": "vcenter", "bg_color": "#DDEBF7"})
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    for column, header in enumerate(HEADERS):
        sheet.write_string(0, column, header, bold)
    row = 1
    for path in sys.argv[2:]:
        with open(path, "rb") as handle:
            for filing in yaml.load_all(handle, Loader=Loader):
                organization = (filing.get("organization") or {}).get("name")
                project = (filing.get("project") or {}).get("name")
                fixed = [None, organization, project, filing.get("title"), filing.get("fiscal_year")]
                for indicator in filing.get("indicators") or []:
                    for column, key in enumerate(INDICATOR_KEYS):
                        value = indicator.get(key) if key else fixed[column]
                        if value is None:
                            continue
                        if isinstance(value, (int, float)) and not isinstance(value, bool):
                            sheet.write_number(row, column, value)
                        else:
                            sheet.write_string(row, column, str(value))
                    row += 1
    sheet.autofilter(0, 0, row - 1, len(HEADERS) - 1)
    workbook.close()
    print(f"{row - 1} rows")


if __name__ == "__main__":
    main()

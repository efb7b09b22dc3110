"""What a user would write instead of `jixiao convert --to xlsx --template national-core`: read each
canonical YAML filing with PyYAML and lay it out in the national-core upload form with XlsxWriter
or openpyxl, the same cells as Jixiao writes (the layout is read from the template file, as a
careful user would, rather than retyped).

    python3 form_pipeline.py xlsxwriter|openpyxl|rustpy OUT_DIR IN.yaml...

rustpy is rustpy-xlsxwriter (rust_xlsxwriter underneath), which writes a header row and records
below it, with merged ranges only above the header row: it cannot lay out this form's single-cell
labels above merged ones nor the merges down the level columns, so it writes the same values at
the same places and nothing more (no merges, formats, dropdowns or page set-up): less work than
the form. Its header row is the form's first row (the caption in A1); the other columns' header
keys are blanks of different lengths, which the same-cells check reads as empty.
"""
import pathlib
import sys

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ROOT = pathlib.Path(__file__).resolve().parents[2]
# The template's latest version, as Jixiao picks it.
TEMPLATE_FILE = max((ROOT / "Schemas/templates").glob("national-core@*.yaml"),
                    key=lambda path: tuple(int(part) for part in path.stem.split("@")[1].split(".")))
TEMPLATE = yaml.load(TEMPLATE_FILE.read_text(encoding="utf-8"), Loader=Loader)
FRAMEWORK = yaml.load((ROOT / "Schemas/frameworks/national@2.0.0.yaml").read_text(encoding="utf-8"), Loader=Loader)
SPARE_ROWS = 3
PIECE = 30000


def field(data, path):
    for part in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def goal_items(filing):
    """goals.items as one text, a goal a line (its label before it), as the form shows them."""
    items = (filing.get("goals") or {}).get("items") or []
    lines = [f"{item['label']}：{item['text']}" if item.get("label") else item["text"] for item in items]
    return "\n".join(lines) if lines else None


def header_value(filing, cell):
    """A header cell's value: its field's, else the first of its fill_from fields that has one."""
    value = field(filing, cell["field"])
    for source in cell.get("fill_from") or []:
        if value is not None:
            break
        value = goal_items(filing) if source == "goals.items" else field(filing, source)
    return value


def shown(kind, value):
    return TEMPLATE["symbols"].get(kind, {}).get(value, value)


def render(indicator, name):
    if name.startswith("prior_values."):
        priors = indicator.get("prior_values") or []
        index = int(name.split(".")[1])
        return priors[index].get("value") if index < len(priors) else None
    if name in ("op", "nature"):
        return shown(name, indicator[name]) if name in indicator else None
    if name == "period":
        return shown("period", indicator.get("period", "annual"))
    return indicator.get(name)


def width():
    header = max(sum(cell.get("span", 1) for cell in row) for row in TEMPLATE["header"])
    return max(header, max(len(table["columns"]) for table in TEMPLATE["tables"]))


def lay_out(filing, sink):
    """Every cell of the form, in order, through `sink` (one per library)."""
    full = width()
    row = 0
    sink.merge(row, 0, row, full - 1, TEMPLATE["caption"], "caption")
    row += 1
    for cells in TEMPLATE["header"]:
        column = 0
        for index, cell in enumerate(cells):
            span = cell.get("span", 1)
            if index == len(cells) - 1:
                span = max(span, full - column)
            value = cell["label"] if "label" in cell else header_value(filing, cell)
            sink.merge(row, column, row, column + span - 1, value, "label" if "label" in cell else "data")
            column += span
        row += 1
    indicators = filing.get("indicators") or []
    for table in TEMPLATE["tables"]:
        columns = table["columns"]
        last = len(columns) - 1
        sink.merge(row, 0, row, max(last, full - 1), table["caption"], "caption2")
        row += 1
        depth = 2 if any(isinstance(c["header"], list) for c in columns) else 1
        column = 0
        while column < len(columns):
            header = columns[column]["header"]
            if isinstance(header, list):
                end = column
                while end + 1 < len(columns) and isinstance(columns[end + 1]["header"], list) and columns[end + 1]["header"][0] == header[0]:
                    end += 1
                sink.merge(row, column, row, end, header[0], "label")
                for sub in range(column, end + 1):
                    sink.merge(row + 1, sub, row + 1, sub, columns[sub]["header"][1], "label")
                column = end + 1
            else:
                sink.merge(row, column, row + depth - 1, column, header, "label")
                column += 1
        titles = (row, row + depth - 1)
        row += depth
        first = row
        for indicator in indicators:
            for column, spec in enumerate(columns):
                if not spec.get("merge_down"):
                    sink.merge(row, column, row, column, render(indicator, spec["field"]), "data")
            row += 1
        boundaries = {0}
        for column, spec in enumerate(columns):
            if not spec.get("merge_down"):
                continue
            start = 0
            while start < len(indicators):
                value = render(indicators[start], spec["field"])
                end = start
                while end + 1 < len(indicators) and end + 1 not in boundaries and render(indicators[end + 1], spec["field"]) == value:
                    end += 1
                sink.merge(first + start, column, first + end, column, value, "data")
                boundaries.add(start)
                start = end + 1
            boundaries.add(len(indicators))
        for _ in range(SPARE_ROWS):
            for column in range(last + 1):
                sink.merge(row, column, row, column, None, "data")
            row += 1
        lists = {
            "level1": [node["name"] for node in FRAMEWORK["nodes"]],
            "level2": [child["name"] for node in FRAMEWORK["nodes"] for child in node.get("children", [])],
            "op": [shown("op", op) for op in (">=", "<=", "=", ">", "<")],
            "unit": TEMPLATE["units"],
            "nature": [shown("nature", n) for n in ("quantitative", "qualitative")],
            "period": [shown("period", p) for p in ("annual", "long_term")],
        }
        for column, spec in enumerate(columns):
            if spec["field"] in lists:
                sink.dropdown(first, row - 1, column, lists[spec["field"]])
        for column, spec in enumerate(columns):
            sink.width(column, spec.get("width", 10))
    # Jixiao's forms are unprotected unless asked; they print on A4 landscape with the headings repeated.
    sink.page_setup(*titles)


class XlsxWriterSink:
    def __init__(self, path):
        import xlsxwriter
        self.book = xlsxwriter.Workbook(path)
        self.sheet = self.book.add_worksheet(TEMPLATE["sheet"])
        base = {"font_name": "宋体", "font_size": 10, "text_wrap": True, "border": 1, "valign": "vcenter"}
        self.styles = {
            "caption": self.book.add_format({"bold": True, "font_size": 16, "align": "center", "font_name": "宋体"}),
            "caption2": self.book.add_format({**base, "bold": True, "font_size": 12, "bg_color": "#BDD7EE"}),
            "label": self.book.add_format({**base, "bold": True, "align": "center", "bg_color": "#DDEBF7"}),
            "data": self.book.add_format({**base, "locked": False}),
        }

    def merge(self, r1, c1, r2, c2, value, style):
        fmt = self.styles[style]
        if (r1, c1) != (r2, c2):
            self.sheet.merge_range(r1, c1, r2, c2, "", fmt)
        if value is None:
            if (r1, c1) == (r2, c2):
                self.sheet.write_blank(r1, c1, None, fmt)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            self.sheet.write_number(r1, c1, value, fmt)
        else:
            self.sheet.write_string(r1, c1, str(value), fmt)

    def dropdown(self, r1, r2, column, items):
        self.sheet.data_validation(r1, column, r2, column, {"validate": "list", "source": items, "error_type": "warning"})

    def width(self, column, width):
        self.sheet.set_column(column, column, width)

    def page_setup(self, first, last):
        self.sheet.set_landscape()
        self.sheet.set_paper(9)
        self.sheet.repeat_rows(first, last)

    def metadata(self, text):
        sheet = self.book.add_worksheet("_jixiao")
        sheet.write_string(0, 0, "template")
        sheet.write_string(0, 1, f"{TEMPLATE['id']}@{TEMPLATE['version']}")
        for index in range(0, max(len(text), 1), PIECE):
            sheet.write_string(1 + index // PIECE, 0, "filing")
            sheet.write_string(1 + index // PIECE, 1, text[index:index + PIECE])
        sheet.hide()

    def close(self):
        self.book.close()


class OpenpyxlSink:
    def __init__(self, path):
        import openpyxl
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
        self.path = path
        self.book = openpyxl.Workbook()
        self.sheet = self.book.active
        self.sheet.title = TEMPLATE["sheet"]
        thin = Side(style="thin")
        border = Border(left=thin, right=thin, top=thin, bottom=thin)
        wrap = Alignment(wrap_text=True, vertical="center")
        self.styles = {
            "caption": (Font(name="宋体", bold=True, size=16), None, Alignment(horizontal="center"), None, None),
            "caption2": (Font(name="宋体", bold=True, size=12), PatternFill("solid", fgColor="BDD7EE"), wrap, border, None),
            "label": (Font(name="宋体", bold=True, size=10), PatternFill("solid", fgColor="DDEBF7"),
                      Alignment(horizontal="center", vertical="center", wrap_text=True), border, None),
            "data": (Font(name="宋体", size=10), None, wrap, border, Protection(locked=False)),
        }

    def merge(self, r1, c1, r2, c2, value, style):
        cell = self.sheet.cell(row=r1 + 1, column=c1 + 1)
        if value is not None:
            cell.value = value if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
        font, fill, alignment, border, protection = self.styles[style]
        cell.font = font
        if fill:
            cell.fill = fill
        cell.alignment = alignment
        if border:
            cell.border = border
        if protection:
            cell.protection = protection
        if (r1, c1) != (r2, c2):
            self.sheet.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)

    def dropdown(self, r1, r2, column, items):
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.datavalidation import DataValidation
        validation = DataValidation(type="list", formula1='"' + ",".join(items) + '"', errorStyle="warning")
        letter = get_column_letter(column + 1)
        validation.add(f"{letter}{r1 + 1}:{letter}{r2 + 1}")
        self.sheet.add_data_validation(validation)

    def width(self, column, width):
        from openpyxl.utils import get_column_letter
        self.sheet.column_dimensions[get_column_letter(column + 1)].width = width

    def page_setup(self, first, last):
        self.sheet.page_setup.orientation = "landscape"
        self.sheet.page_setup.paperSize = 9
        self.sheet.print_title_rows = f"{first + 1}:{last + 1}"

    def metadata(self, text):
        sheet = self.book.create_sheet("_jixiao")
        sheet["A1"], sheet["B1"] = "template", f"{TEMPLATE['id']}@{TEMPLATE['version']}"
        for index in range(0, max(len(text), 1), PIECE):
            sheet.cell(row=2 + index // PIECE, column=1, value="filing")
            sheet.cell(row=2 + index // PIECE, column=2, value=text[index:index + PIECE])
        sheet.sheet_state = "hidden"

    def close(self):
        self.book.save(self.path)


class RustpySink:
    """Gathers the form's values by place, then hands them to rustpy-xlsxwriter as records."""

    def __init__(self, path):
        self.path = path
        self.cells = {}
        self.hidden = None

    def merge(self, r1, c1, r2, c2, value, style):
        if value is not None:
            self.cells[(r1, c1)] = value if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)

    def dropdown(self, r1, r2, column, items):
        pass

    def width(self, column, width):
        pass

    def page_setup(self, first, last):
        pass

    def metadata(self, text):
        pieces = [text[index:index + PIECE] for index in range(0, max(len(text), 1), PIECE)]
        self.hidden = [{"template": "filing", f"{TEMPLATE['id']}@{TEMPLATE['version']}": piece} for piece in pieces]

    def close(self):
        import rustpy_xlsxwriter
        rows = max(r for r, _ in self.cells) + 1
        columns = max(c for _, c in self.cells) + 1
        keys = [str(self.cells.get((0, 0), ""))] + [" " * c for c in range(1, columns)]
        records = [{keys[c]: self.cells.get((r, c)) for c in range(columns)} for r in range(1, rows)]
        rustpy_xlsxwriter.write_worksheets(
            [(TEMPLATE["sheet"], records), ("_jixiao", self.hidden)], self.path,
            sheet_view={"_jixiao": {"hidden": True}})


def main():
    sink_class = {"xlsxwriter": XlsxWriterSink, "openpyxl": OpenpyxlSink, "rustpy": RustpySink}[sys.argv[1]]
    out = pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for name in sys.argv[3:]:
        path = pathlib.Path(name)
        text = path.read_text(encoding="utf-8")
        filing = yaml.load(text, Loader=Loader)
        sink = sink_class(str(out / (path.stem + ".xlsx")))
        lay_out(filing, sink)
        sink.metadata(text)
        sink.close()


if __name__ == "__main__":
    main()

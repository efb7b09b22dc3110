"""Honest round trips: every example x every template is written as a form, its hidden _jixiao
sheet is deleted with openpyxl, and what the form shows is read with openpyxl alone and laid
against the canonical YAML read with PyYAML: every labelled field and every indicator cell. The
stripped workbook read by jixiao must give back the same indicators. Where LibreOffice is
installed, forms re-saved by it (one template per example, in turn) are checked the same way.

The oracle here is the template's own description (Schemas/templates/, read with PyYAML): where
its header cells and indicator columns stand and how a choice is shown, never Jixiao's code."""
import decimal
import shutil
import subprocess

import openpyxl
import pytest
import yaml

from xlsx_support import ROOT, TEMPLATES, field, run_jixiao, template_data, workbook_index

EXAMPLES = sorted(path for path in (ROOT / "Examples").iterdir() if path.is_file())
INDEX = workbook_index()
METADATA = "_jixiao"




def number_text(value):
    """A number as the canonical form writes it: no exponent, no trailing zeros."""
    return format(decimal.Decimal(repr(value)).normalize(), "f")


def headers(column):
    return column["header"] if isinstance(column["header"], list) else [column["header"]]


# What the form should show, from the canonical filing and the template's description.

def placements(filing, data):
    """Each table's indicators: the first table of the indicator's period, else the first table
    for any period; an indicator no table takes is not on the form."""
    tables = [[] for _ in data["tables"]]
    periods = [table.get("period") for table in data["tables"]]
    for indicator in filing.get("indicators", []):
        period = indicator.get("period", "annual")
        if period in periods:
            tables[periods.index(period)].append(indicator)
        elif None in periods:
            tables[periods.index(None)].append(indicator)
    return tables


def goal_items_text(filing):
    """The numbered goals as one text, a line each ("目标1：…"), as templates/README.md says."""
    items = field(filing, "goals.items") or []
    return "\n".join(f"{item['label']}：{item['text']}" if item.get("label") else item["text"] for item in items) or None


def header_value(filing, cell):
    """What a header field cell shows: its field's value, else the first of its `fill_from`
    fields that has one (the template's description says which)."""
    value = field(filing, cell["field"])
    for source in cell.get("fill_from", []):
        if value is None:
            value = goal_items_text(filing) if source == "goals.items" else field(filing, source)
    return value


def shown(data, kind, canonical):
    return (data.get("symbols", {}).get(kind) or {}).get(canonical, canonical)


def expected_cell(indicator, column, data):
    key = column["field"]
    op, value, unit = indicator.get("op"), indicator.get("value"), indicator.get("unit")
    word = data.get("qualitative_operator")
    if word and op is None and unit is None and isinstance(value, str) and key in ("op", "value", "unit"):
        return {"op": word, "value": None, "unit": value}[key]
    if key in ("level1", "level2", "name", "unit", "description", "basis", "scoring", "category", "weight", "value"):
        return indicator.get(key)
    if key == "op":
        return None if op is None else shown(data, "op", op)
    if key == "nature":
        return None if indicator.get("nature") is None else shown(data, "nature", indicator["nature"])
    if key == "period":
        return shown(data, "period", indicator.get("period", "annual"))
    if key.startswith("prior_values."):
        prior = indicator.get("prior_values", [])
        number = int(key.split(".")[1])
        return prior[number].get("value") if number < len(prior) else None
    if key == "target":
        if op is None and unit is None:
            return value
        written = "" if value is None else (number_text(value) if isinstance(value, (int, float)) else str(value))
        return ("" if op is None else shown(data, "op", op)) + written + (unit or "")
    raise AssertionError(f"a column field this test does not know: {key}")


# What the form shows, read with openpyxl.

class Form:
    def __init__(self, sheet):
        self.sheet = sheet
        self.anchor = {}
        for merged in sheet.merged_cells.ranges:
            for row in range(merged.min_row, merged.max_row + 1):
                for column in range(merged.min_col, merged.max_col + 1):
                    self.anchor[(row, column)] = (merged.min_row, merged.min_col)

    def value(self, row, column):
        """A cell's value; inside a merged range, the range's value, as people read the form."""
        row, column = self.anchor.get((row, column), (row, column))
        return self.sheet.cell(row=row, column=column).value

    def header_fields(self, data):
        """Label cells and the field after each, where the template lays them out: one row each
        under the caption, cells side by side over their spans."""
        fields = {}
        row = 2 if data.get("caption") else 1
        if data.get("caption"):
            assert self.value(1, 1) == data["caption"]
        for cells in data.get("header", []):
            column = 1
            for index, cell in enumerate(cells):
                if "label" in cell:
                    assert self.value(row, column) == cell["label"], (row, column)
                    following = cells[index + 1] if index + 1 < len(cells) else None
                    if following and "field" in following:
                        fields[following["field"]] = (following, self.value(row, column + cell.get("span", 1)))
                column += cell.get("span", 1)
            row += 1
        return fields, row

    def heading_row(self, table, start):
        """The first row from `start` holding the table's headings, top row first."""
        columns = table["columns"]
        for row in range(start, self.sheet.max_row + 1):
            if all(self.value(row, number) == headers(column)[0] for number, column in enumerate(columns, start=1)) and \
                    all(self.value(row + 1, number) == headers(column)[1] for number, column in enumerate(columns, start=1) if len(headers(column)) == 2):
                return row
        raise AssertionError(f"no heading row for {[headers(c) for c in columns]} from row {start}")

    def tables(self, data, start, counts):
        """Each table's rows: the cells under its headings, as many rows as it holds indicators;
        the row after them must show no indicator."""
        result = []
        for table, count in zip(data["tables"], counts, strict=True):
            depth = max(len(headers(column)) for column in table["columns"])
            first = self.heading_row(table, start) + depth
            name = next(number for number, column in enumerate(table["columns"], start=1) if column["field"] == "name")
            rows = [[self.value(row, number) for number in range(1, len(table["columns"]) + 1)] for row in range(first, first + count)]
            assert self.value(first + count, name) in (None, ""), "a row after the table's indicators"
            result.append(rows)
            start = first + count
        return result


def same(read, written):
    if isinstance(written, bool) or isinstance(read, bool):
        return read == written
    if isinstance(written, (int, float)) and isinstance(read, (int, float)):
        return decimal.Decimal(repr(read)) == decimal.Decimal(repr(written))
    return read == written


def check_visible(path, filings, template):
    """Every labelled field and indicator cell of every form sheet against its filing."""
    data = template_data(template)
    book = openpyxl.load_workbook(path)
    assert METADATA not in book.sheetnames
    sheets = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible" and sheet.title != INDEX["sheet"]]
    if len(filings) > 1:
        assert INDEX["sheet"] in book.sheetnames
    assert len(sheets) == len(filings), [sheet.title for sheet in sheets]
    for sheet, filing in zip(sheets, filings):
        form = Form(sheet)
        fields, below = form.header_fields(data)
        for path_, (cell, value) in fields.items():
            assert same(value, header_value(filing, cell)), (sheet.title, path_, value, header_value(filing, cell))
        tables = placements(filing, data)
        read = form.tables(data, below, [len(table) for table in tables])
        for table, indicators, rows in zip(data["tables"], tables, read):
            for indicator, row in zip(indicators, rows, strict=True):
                for column, cell in zip(table["columns"], row, strict=True):
                    expected = expected_cell(indicator, column, data)
                    assert same(cell, expected), (sheet.title, indicator["name"], column["field"], cell, expected)


def shown_keys(data):
    keys = set()
    for table in data["tables"]:
        for column in table["columns"]:
            key = column["field"]
            keys |= {"op", "value", "unit"} if key == "target" else ({key} if "." not in key else set())
    return keys


def check_read_back(path, filings, template):
    """jixiao reads the stripped workbook to the same shown fields and indicators."""
    data = template_data(template)
    result = run_jixiao("convert", path, "-v")
    assert result.returncode == 0, result.stderr
    read = [document for document in yaml.safe_load_all(result.stdout) if document]
    assert len(read) == len(filings)
    # The index of several forms is known by its headings alone: no filing, no kept text.
    assert all(extra.get("label") != INDEX["sheet"] for filing in read for extra in filing.get("extra", []))
    assert ("xlsx-index-sheet" in result.stderr) == (len(filings) > 1)
    keys = shown_keys(data)
    # Whether value and unit share one cell (a `target` column and no column of their own).
    fields = {column["field"] for table in data["tables"] for column in table["columns"]}
    combined = "target" in fields and not {"value", "unit"} & fields
    labelled = [cells[index + 1] for cells in data.get("header", []) for index, cell in enumerate(cells[:-1])
                if "label" in cell and "field" in cells[index + 1]]
    for back, filing in zip(read, filings):
        for cell in labelled:
            assert same(field(back, cell["field"]), header_value(filing, cell)), (template, cell["field"])
        written = [indicator for table in placements(filing, data) for indicator in table]
        assert len(back.get("indicators", [])) == len(written)
        for got, want in zip(back.get("indicators", []), written):
            for key in sorted(keys):
                if key in ("value", "unit") and combined and isinstance(want.get("value"), str):
                    # A text target and its unit in one cell ("=季度开展督查1次次") show one text:
                    # where the unit starts is not on the form, so the text as a whole is compared.
                    assert joined(got) == joined(want), (template, want["name"], joined(got), joined(want))
                    continue
                expected = want.get(key)
                if key == "op" and expected is None and isinstance(want.get("value"), (int, float)):
                    # A number shown with no comparator reads as "=", as the text reader reads it.
                    expected = "="
                assert same(got.get(key), expected), (template, want["name"], key, got.get(key), expected)


def joined(indicator):
    value = indicator.get("value")
    text = "" if value is None else (number_text(value) if isinstance(value, (int, float)) else str(value))
    return text + (indicator.get("unit") or "")


def strip(source, target):
    book = openpyxl.load_workbook(source)
    del book[METADATA]
    book.save(target)
    return target


@pytest.fixture(scope="module")
def canonical(tmp_path_factory):
    """Every example read into canonical YAML: {example: (path, filings)}."""
    folder = tmp_path_factory.mktemp("canonical")
    made = {}
    for example in EXAMPLES:
        path = folder / f"{example.stem}.yaml"
        result = run_jixiao("convert", example, "-o", path, "-q")
        assert result.returncode == 0, result.stderr
        made[example.stem] = (path, [document for document in yaml.safe_load_all(path.read_text(encoding="utf-8")) if document])
    return made


@pytest.fixture(scope="module")
def forms(canonical, tmp_path_factory):
    """Every example written with every template: {(example, template): path}."""
    folder = tmp_path_factory.mktemp("forms")
    made = {}
    for example, (path, _) in canonical.items():
        for template in TEMPLATES:
            form = folder / f"{example}--{template}.xlsx"
            result = run_jixiao("convert", path, "--template", template, "-o", form, "-q")
            assert result.returncode == 0, result.stderr
            made[(example, template)] = form
    return made


def test_every_example_and_template_is_checked():
    assert len(EXAMPLES) == 6 and len(TEMPLATES) == 6


@pytest.mark.parametrize("example", [path.stem for path in EXAMPLES])
def test_the_visible_form_alone_shows_and_gives_back_every_placed_value(example, canonical, forms, tmp_path):
    _, filings = canonical[example]
    for template in TEMPLATES:
        stripped = strip(forms[(example, template)], tmp_path / f"{template}.xlsx")
        check_visible(stripped, filings, template)
        check_read_back(stripped, filings, template)


def test_forms_resaved_by_libreoffice_show_and_give_back_the_same(canonical, forms, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    # One template per example, in turn: every template and every example once.
    pairs = [(example.stem, TEMPLATES[number % len(TEMPLATES)]) for number, example in enumerate(EXAMPLES)]
    sources = tmp_path / "sources"
    sources.mkdir()
    for example, template in pairs:
        shutil.copy(forms[(example, template)], sources / forms[(example, template)].name)
    resaved = tmp_path / "resaved"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(resaved), *sorted(map(str, sources.iterdir()))],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for example, template in pairs:
        saved = resaved / forms[(example, template)].name
        assert saved.exists(), result.stdout + result.stderr
        stripped = strip(saved, tmp_path / f"{example}--{template}.xlsx")
        _, filings = canonical[example]
        check_visible(stripped, filings, template)
        check_read_back(stripped, filings, template)

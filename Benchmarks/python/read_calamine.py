"""The Rust-backed readers a user would pick for speed, reading filled-in forms back: every cell of
every sheet of every workbook, and nothing more (no interpretation, no files written).

    python3 read_calamine.py calamine|fastexcel IN.xlsx...

calamine: python-calamine's CalamineWorkbook, each sheet's rows as Python values.
fastexcel: fastexcel (calamine underneath, Arrow out), each sheet loaded without a header row.
"""
import sys


def calamine(paths):
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in paths:
        book = CalamineWorkbook.from_path(path)
        for name in book.sheet_names:
            for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False):
                cells += sum(1 for value in row if value not in (None, ""))
        book.close()
    return cells


def fastexcel(paths):
    import fastexcel as fx

    cells = 0
    for path in paths:
        reader = fx.read_excel(path)
        for name in reader.sheet_names:
            sheet = reader.load_sheet(name, header_row=None)
            for column in sheet.to_arrow().columns:
                cells += sum(1 for value in column.to_pylist() if value not in (None, ""))
    return cells


def main():
    kind, paths = sys.argv[1], sys.argv[2:]
    cells = {"calamine": calamine, "fastexcel": fastexcel}[kind](paths)
    print(f"{cells} cells")


if __name__ == "__main__":
    main()

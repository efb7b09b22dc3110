"""What a user would write to read filled-in forms back: openpyxl in read-only mode, every cell of
every sheet of every workbook (no interpretation: the floor of such a script).

    python3 read_openpyxl.py IN.xlsx...
"""
import sys

import openpyxl


def main():
    cells = 0
    for path in sys.argv[1:]:
        book = openpyxl.load_workbook(path, read_only=True)
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells += sum(1 for value in row if value is not None)
        book.close()
    print(f"{cells} cells")


if __name__ == "__main__":
    main()

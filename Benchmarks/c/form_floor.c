/*
 * The floor for writing forms: the same workbooks in plain C with libxlsxwriter, from a dump of
 * their cells, looks, merges, widths, heights, dropdowns and protection made by
 * Benchmarks/python/form_cells.py (openpyxl reading Jixiao's forms). Nothing is decided here:
 * every cell is given, so what it costs is libxlsxwriter's own work for these workbooks.
 *
 *     form_floor DUMP OUTDIR [--tmpdir DIR] [--constant-memory] [--zip64]
 *
 * The options are libxlsxwriter's workbook options, to show which of them move the floor:
 * the folder of its temporary part files (default: the system's), constant-memory mode (cells
 * then go out row by row, in order), and ZIP64 extensions.
 *
 * Constant-memory mode cannot write these forms: a range merged down several rows writes its
 * lower rows' cells at once, which ends its first row, and the rest of that row is then lost
 * (openpyxl finds thousands of cells missing). It is kept here to show that, not as a floor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

typedef struct {
    int bold, wrap, border, centre, locked;
    double size;
    long fill; /* -1: none */
    char *number_format;
} Look;

typedef struct {
    int kind; /* 'T', 'N', 'B'; 'M' a merged range to (last_row, last_col); 'H' a row's height (number) */
    int row, col, look, last_row, last_col;
    char *text;
    double number;
} Cell;

static char *dump, *end, *at;

static lxw_workbook_options options;
static Look *looks;
static int look_count;
static lxw_format **formats; /* this workbook's format for each look, made on first use */
static lxw_workbook *workbook;
static lxw_worksheet *sheet;
static Cell *cells;
static int cell_count, cell_capacity;

static void fail(const char *what) {
    fprintf(stderr, "form_floor: %s at byte %ld of the dump\n", what, (long)(at - dump));
    exit(2);
}

static long integer(void) {
    char *next;
    long value = strtol(at, &next, 10);
    if (next == at) fail("a number expected");
    at = next;
    if (*at == ' ') at++;
    return value;
}

static double real(void) {
    char *next;
    double value = strtod(at, &next);
    if (next == at) fail("a number expected");
    at = next;
    if (*at == ' ') at++;
    return value;
}

/* A text given by its length: copied out, NUL-terminated. */
static char *text(void) {
    long length = integer();
    if (length < 0 || at + length > end) fail("a text runs past the end");
    char *copy = malloc(length + 1);
    memcpy(copy, at, length);
    copy[length] = 0;
    at += length;
    return copy;
}

static char *word(void) {
    char *start = at;
    while (at < end && *at != ' ' && *at != '\n') at++;
    char *copy = strndup(start, at - start);
    if (*at == ' ') at++;
    return copy;
}

static void line_end(void) {
    if (at >= end || *at != '\n') fail("a line does not end where it should");
    at++;
}

static int by_row(const void *a, const void *b) {
    const Cell *x = a, *y = b;
    if (x->row != y->row) return x->row - y->row;
    if (x->col != y->col) return x->col - y->col;
    return (x->kind != 'M') - (y->kind != 'M'); /* a merge before the value written over it */
}

static lxw_format *format_for(int id) {
    if (id < 0 || id >= look_count) fail("an unknown look");
    if (!formats[id]) {
        Look *look = &looks[id];
        lxw_format *format = workbook_add_format(workbook);
        if (look->bold) format_set_bold(format);
        format_set_font_size(format, look->size);
        format_set_font_name(format, "宋体");
        if (look->wrap) format_set_text_wrap(format);
        if (look->border) format_set_border(format, LXW_BORDER_THIN);
        format_set_align(format, look->centre ? LXW_ALIGN_CENTER : LXW_ALIGN_LEFT);
        format_set_align(format, LXW_ALIGN_VERTICAL_CENTER);
        if (!look->locked) format_set_unlocked(format);
        if (look->number_format[0]) format_set_num_format(format, look->number_format);
        if (look->fill >= 0) format_set_bg_color(format, (lxw_color_t)look->fill);
        formats[id] = format;
    }
    return formats[id];
}

/* Each sheet's cells, merges and row heights are kept and written when the sheet ends: merges
 * first, as Jixiao writes them; in constant-memory mode, which takes rows in order only (a row's
 * height included: setting it moves to that row), sorted by row. */
static void flush_cells(void) {
    if (options.constant_memory) qsort(cells, cell_count, sizeof *cells, by_row);
    for (int i = 0; i < cell_count; i++) {
        Cell *cell = &cells[i];
        if (cell->kind == 'H') { worksheet_set_row(sheet, cell->row, cell->number, NULL); continue; }
        lxw_format *format = format_for(cell->look);
        if (cell->kind == 'M') worksheet_merge_range(sheet, cell->row, cell->col, cell->last_row, cell->last_col, "", format);
        else if (cell->kind == 'T') worksheet_write_string(sheet, cell->row, cell->col, cell->text, format);
        else if (cell->kind == 'N') worksheet_write_number(sheet, cell->row, cell->col, cell->number, format);
        else worksheet_write_blank(sheet, cell->row, cell->col, format);
        free(cell->text);
    }
    cell_count = 0;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s DUMP OUTDIR [--tmpdir DIR] [--constant-memory] [--zip64]\n", argv[0]);
        return 2;
    }
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--tmpdir") && i + 1 < argc) options.tmpdir = argv[++i];
        else if (!strcmp(argv[i], "--constant-memory")) options.constant_memory = LXW_TRUE;
        else if (!strcmp(argv[i], "--zip64")) options.use_zip64 = LXW_TRUE;
        else { fprintf(stderr, "form_floor: unknown option %s\n", argv[i]); return 2; }
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) { perror(argv[1]); return 2; }
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    fseek(in, 0, SEEK_SET);
    dump = malloc(size + 1);
    if (fread(dump, 1, size, in) != (size_t)size) { perror(argv[1]); return 2; }
    fclose(in);
    dump[size] = 0;
    at = dump;
    end = dump + size;

    int workbooks = 0;
    char path[4096];

    while (at < end) {
        char kind = *at++;
        if (*at == ' ') at++;
        if (kind == 'W') {
            char *name = word();
            snprintf(path, sizeof path, "%s/%s", argv[2], name);
            free(name);
            workbook = workbook_new_opt(path, &options);
            if (!workbook) fail("a workbook could not be created");
            formats = calloc(look_count + 1024, sizeof *formats);
        } else if (kind == 'F') {
            int id = (int)integer();
            if (id != look_count) fail("looks out of order");
            looks = realloc(looks, (look_count + 1) * sizeof *looks);
            Look *look = &looks[look_count++];
            look->bold = (int)integer();
            look->size = real();
            look->wrap = (int)integer();
            look->border = (int)integer();
            look->centre = (int)integer();
            look->locked = (int)integer();
            char *fill = word();
            look->fill = fill[0] == '-' ? -1 : strtol(fill, NULL, 16);
            free(fill);
            look->number_format = text();
            if (workbook) formats = realloc(formats, (look_count + 1024) * sizeof *formats), formats[look_count - 1] = NULL;
        } else if (kind == 'S') {
            if (sheet) flush_cells();
            int hidden = (int)integer();
            char *name = text();
            sheet = workbook_add_worksheet(workbook, name);
            if (!sheet) fail("a sheet could not be added");
            if (hidden) worksheet_hide(sheet);
            free(name);
        } else if (kind == 'T' || kind == 'N' || kind == 'B' || kind == 'M' || kind == 'H') {
            if (cell_count == cell_capacity) {
                cell_capacity = cell_capacity ? 2 * cell_capacity : 256;
                cells = realloc(cells, cell_capacity * sizeof *cells);
            }
            Cell *cell = &cells[cell_count++];
            cell->kind = kind;
            cell->row = (int)integer();
            cell->col = kind == 'H' ? -1 : (int)integer();
            if (kind == 'M') cell->last_row = (int)integer(), cell->last_col = (int)integer();
            cell->look = kind == 'H' ? 0 : (int)integer();
            cell->text = kind == 'T' ? text() : NULL;
            cell->number = kind == 'N' || kind == 'H' ? real() : 0;
        } else if (kind == 'K') {
            int column = (int)integer();
            worksheet_set_column(sheet, column, column, real(), NULL);
        } else if (kind == 'V') {
            int r1 = (int)integer(), c1 = (int)integer(), r2 = (int)integer(), c2 = (int)integer();
            char *value = text();
            lxw_data_validation validation = {0};
            validation.ignore_blank = LXW_VALIDATION_ON;
            validation.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
            char *items[256] = {0};
            if (value[0] == '=') {
                validation.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
                validation.value_formula = value + 1;
            } else {
                int count = 0;
                for (char *item = strtok(value, ","); item && count < 255; item = strtok(NULL, ",")) items[count++] = item;
                validation.validate = LXW_VALIDATION_TYPE_LIST;
                validation.value_list = items;
            }
            worksheet_data_validation_range(sheet, r1, c1, r2, c2, &validation);
            free(value);
        } else if (kind == 'P') {
            lxw_protection protection = {0};
            protection.format_columns = protection.format_rows = 1;
            protection.insert_rows = protection.delete_rows = 1;
            worksheet_protect(sheet, NULL, &protection);
        } else if (kind == 'E') {
            flush_cells();
            lxw_error status = workbook_close(workbook);
            if (status != LXW_NO_ERROR) { fprintf(stderr, "form_floor: %s: %s\n", path, lxw_strerror(status)); return 1; }
            workbook = NULL;
            sheet = NULL;
            free(formats);
            formats = NULL;
            workbooks++;
        } else {
            fail("an unknown line");
        }
        line_end();
    }
    printf("%d workbooks written\n", workbooks);
    return 0;
}

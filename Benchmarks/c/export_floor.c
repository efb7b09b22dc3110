/*
 * The floor for `jixiao export`: the same job in plain C. Reads canonical Jixiao YAML streams
 * with libyaml's event API and writes one row per indicator with libxlsxwriter in
 * constant-memory mode, the same cells as the consolidated export's layout
 * (Schemas/exports/consolidated@1.0.0.yaml): column widths, a bold header row, frozen and
 * filtered, as the export writes them.
 *
 *     export_floor OUT.xlsx IN.yaml...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include <xlsxwriter.h>

enum { COLUMNS = 16 };
enum { SOURCE, ORGANIZATION, PROJECT, TITLE, YEAR, FIRST_INDICATOR_FIELD = 5, VALUE = 10, WEIGHT = 13 };

static const char *HEADERS[COLUMNS] = {
    "来源", "单位名称", "项目名称", "标题", "年度", "期间", "一级指标", "二级指标", "三级指标",
    "符号", "指标值", "计量单位", "指标性质", "权重", "指标值确定依据", "评（扣）分标准"};
static const double WIDTHS[COLUMNS] = {28, 30, 26, 26, 8, 10, 14, 18, 30, 6, 12, 10, 12, 8, 24, 40};
static const char *INDICATOR_KEYS[COLUMNS] = {
    "source", NULL, NULL, NULL, NULL, "period", "level1", "level2", "name",
    "op", "value", "unit", "nature", "weight", "basis", "scoring"};

typedef struct {
    char *cell[COLUMNS];
    int numeric[COLUMNS];
} Row;

static void set(Row *row, int column, const char *text, size_t length, int numeric) {
    free(row->cell[column]);
    row->cell[column] = strndup(text, length);
    row->numeric[column] = numeric;
}

static void clear(Row *row, int from) {
    for (int c = from; c < COLUMNS; c++) {
        free(row->cell[c]);
        row->cell[c] = NULL;
        row->numeric[c] = 0;
    }
}

static int is_number(const char *text, size_t length) {
    size_t i = 0, digits = 0;
    if (i < length && (text[i] == '-' || text[i] == '+')) i++;
    for (; i < length && text[i] >= '0' && text[i] <= '9'; i++) digits++;
    if (i < length && text[i] == '.') {
        i++;
        for (; i < length && text[i] >= '0' && text[i] <= '9'; i++) digits++;
    }
    return digits > 0 && i == length;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s OUT.xlsx IN.yaml...\n", argv[0]);
        return 2;
    }
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *workbook = workbook_new_opt(argv[1], &options);
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, "指标");
    lxw_format *bold = workbook_add_format(workbook);
    format_set_bold(bold);
    format_set_font_size(bold, 10);
    format_set_font_name(bold, "宋体");
    format_set_align(bold, LXW_ALIGN_LEFT);
    format_set_align(bold, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(bold, 0xDDEBF7);
    for (int c = 0; c < COLUMNS; c++) worksheet_set_column(sheet, c, c, WIDTHS[c], NULL);
    worksheet_freeze_panes(sheet, 1, 0);
    for (int c = 0; c < COLUMNS; c++) worksheet_write_string(sheet, 0, c, HEADERS[c], bold);
    lxw_row_t next_row = 1;

    for (int f = 2; f < argc; f++) {
        FILE *input = fopen(argv[f], "rb");
        if (!input) { perror(argv[f]); return 1; }
        yaml_parser_t parser;
        yaml_event_t event;
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_file(&parser, input);
        Row row = {0};
        /* depth 1: the filing; 2: its sub-mappings or the indicators list; 3: an indicator. */
        int depth = 0, in_indicators = 0, key_expected = 1, column = -1;
        char section[64] = "", key[64] = "";
        for (;;) {
            if (!yaml_parser_parse(&parser, &event)) {
                fprintf(stderr, "%s:%zu: %s\n", argv[f], parser.problem_mark.line + 1, parser.problem);
                return 1;
            }
            yaml_event_type_t type = event.type;
            if (type == YAML_STREAM_END_EVENT) { yaml_event_delete(&event); break; }
            if (type == YAML_DOCUMENT_START_EVENT) clear(&row, 0);
            if (type == YAML_MAPPING_START_EVENT || type == YAML_SEQUENCE_START_EVENT) {
                depth++;
                if (depth == 2 && strcmp(key, "indicators") == 0) in_indicators = 1;
                if (depth == 2) snprintf(section, sizeof section, "%s", key);
                if (depth == 3 && in_indicators) {
                    clear(&row, FIRST_INDICATOR_FIELD);
                    free(row.cell[SOURCE]);
                    row.cell[SOURCE] = NULL;
                }
                key_expected = (type == YAML_MAPPING_START_EVENT);
            } else if (type == YAML_MAPPING_END_EVENT || type == YAML_SEQUENCE_END_EVENT) {
                if (depth == 3 && in_indicators && type == YAML_MAPPING_END_EVENT) {
                    for (int c = 0; c < COLUMNS; c++) {
                        if (!row.cell[c]) continue;
                        if (row.numeric[c]) worksheet_write_number(sheet, next_row, c, atof(row.cell[c]), NULL);
                        else worksheet_write_string(sheet, next_row, c, row.cell[c], NULL);
                    }
                    next_row++;
                }
                if (depth == 2) { in_indicators = 0; section[0] = 0; }
                depth--;
                key_expected = 1;
            } else if (type == YAML_SCALAR_EVENT) {
                const char *text = (const char *)event.data.scalar.value;
                size_t length = event.data.scalar.length;
                if (key_expected && depth >= 1 && depth <= 3) {
                    snprintf(key, sizeof key, "%.*s", (int)(length < 63 ? length : 63), text);
                    key_expected = 0;
                } else {
                    column = -1;
                    if (depth == 1 && strcmp(key, "fiscal_year") == 0) column = YEAR;
                    else if (depth == 1 && strcmp(key, "title") == 0) column = TITLE;
                    else if (depth == 2 && strcmp(section, "organization") == 0 && strcmp(key, "name") == 0) column = ORGANIZATION;
                    else if (depth == 2 && strcmp(section, "project") == 0 && strcmp(key, "name") == 0) column = PROJECT;
                    else if (depth == 3 && in_indicators) {
                        for (int c = 0; c < COLUMNS; c++)
                            if (INDICATOR_KEYS[c] && strcmp(key, INDICATOR_KEYS[c]) == 0) column = c;
                    }
                    if (column >= 0) {
                        int plain = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
                        int numeric = plain && (column == VALUE || column == WEIGHT) && is_number(text, length);
                        set(&row, column, text, length, numeric);
                    }
                    if (depth >= 1 && depth <= 3) key_expected = 1;
                }
            }
            yaml_event_delete(&event);
        }
        clear(&row, 0);
        yaml_parser_delete(&parser);
        fclose(input);
    }
    worksheet_autofilter(sheet, 0, 0, next_row - 1, COLUMNS - 1);
    lxw_error error = workbook_close(workbook);
    if (error) {
        fprintf(stderr, "%s: %s\n", argv[1], lxw_strerror(error));
        return 1;
    }
    printf("%u rows\n", next_row - 1);
    return 0;
}

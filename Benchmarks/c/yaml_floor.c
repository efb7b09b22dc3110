/*
 * The floor for the YAML side of writing forms: what libyaml alone costs for the canonical YAML
 * filings that `convert --to xlsx` reads, in plain C. Each file is read whole and parsed into
 * libyaml's events, which is the least any reader built on libyaml does (PyYAML's CSafeLoader
 * does this and then builds Python objects). With --emit, every event also goes straight to an
 * emitter set up as Jixiao's (unicode, no folding, indent 2) writing into memory, which is the
 * least the canonical copy that Jixiao keeps in each form can cost. No model is built and nothing
 * is decided.
 *
 *     yaml_floor [--emit] IN.yaml...
 *
 * Prints the files, the events and the bytes emitted; with --emit, also how many files came out
 * as the bytes they went in as (all of them, for Jixiao's canonical YAML).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct {
    unsigned char *bytes;
    size_t length, capacity;
} Buffer;

static int append(void *data, unsigned char *bytes, size_t size) {
    Buffer *buffer = data;
    if (buffer->length + size > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 65536;
        while (capacity < buffer->length + size) capacity *= 2;
        unsigned char *grown = realloc(buffer->bytes, capacity);
        if (!grown) return 0;
        buffer->bytes = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->bytes + buffer->length, bytes, size);
    buffer->length += size;
    return 1;
}

static unsigned char *slurp(const char *path, size_t *length) {
    FILE *file = fopen(path, "rb");
    if (!file) return NULL;
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    unsigned char *bytes = malloc(size > 0 ? (size_t)size : 1);
    *length = bytes ? fread(bytes, 1, (size_t)size, file) : 0;
    fclose(file);
    return bytes;
}

int main(int argc, char **argv) {
    int emit = argc > 1 && strcmp(argv[1], "--emit") == 0;
    int first = emit ? 2 : 1;
    if (argc <= first) {
        fprintf(stderr, "usage: %s [--emit] IN.yaml...\n", argv[0]);
        return 2;
    }
    long events = 0, unchanged = 0;
    size_t emitted = 0;
    Buffer out = {0};
    for (int index = first; index < argc; index++) {
        size_t length;
        unsigned char *input = slurp(argv[index], &length);
        if (!input) {
            fprintf(stderr, "yaml_floor: cannot read %s\n", argv[index]);
            return 2;
        }
        yaml_parser_t parser;
        yaml_emitter_t emitter;
        yaml_parser_initialize(&parser);
        yaml_parser_set_input_string(&parser, input, length);
        if (emit) {
            out.length = 0;
            yaml_emitter_initialize(&emitter);
            yaml_emitter_set_unicode(&emitter, 1);
            yaml_emitter_set_width(&emitter, -1);
            yaml_emitter_set_indent(&emitter, 2);
            yaml_emitter_set_output(&emitter, append, &out);
        }
        for (int done = 0; !done;) {
            yaml_event_t event;
            if (!yaml_parser_parse(&parser, &event)) {
                fprintf(stderr, "yaml_floor: %s:%zu: %s\n", argv[index], parser.problem_mark.line + 1,
                        parser.problem ? parser.problem : "not YAML");
                return 2;
            }
            events++;
            done = event.type == YAML_STREAM_END_EVENT;
            if (emit) {
                if (!yaml_emitter_emit(&emitter, &event)) { /* the emitter owns the event from here */
                    fprintf(stderr, "yaml_floor: %s: the emitter failed: %s\n", argv[index],
                            emitter.problem ? emitter.problem : "?");
                    return 2;
                }
            } else {
                yaml_event_delete(&event);
            }
        }
        yaml_parser_delete(&parser);
        if (emit) {
            yaml_emitter_delete(&emitter);
            emitted += out.length;
            unchanged += out.length == length && memcmp(out.bytes, input, length) == 0;
        }
        free(input);
    }
    printf("%d files, %ld events, %zu bytes emitted", argc - first, events, emitted);
    if (emit) printf(", %ld of them the same bytes as read", unchanged);
    printf("\n");
    free(out.bytes);
    return 0;
}

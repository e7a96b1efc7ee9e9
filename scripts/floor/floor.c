/* The floor of the build benchmark: the least work a generator of this site could do.
 * Reads every `.md` file of IN_DIR (skipping a leading `---` YAML front matter), renders it with libcmark-gfm
 * (tables and strikethrough on, same options as Casebook: DEFAULT | VALIDATE_UTF8 | GITHUB_PRE_LANG, no UNSAFE)
 * and writes IN_DIR/<name>.md as OUT_DIR/<name>.html; then writes small filler files (OUT_DIR/fill/<n>.html)
 * until it has written TOTAL files in all, so that it writes as many files as the site it is compared with.
 * Usage: floor IN_DIR OUT_DIR TOTAL        Prints: "<rendered> rendered, <written> written". */
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void die(const char *what, const char *path) {
    fprintf(stderr, "floor: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) die("cannot open", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) die("cannot read", path);
    fclose(f);
    buf[n] = 0;
    *len = (size_t)n;
    return buf;
}

static void write_file(const char *path, const char *data, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f) die("cannot create", path);
    if (len && fwrite(data, 1, len, f) != len) die("cannot write", path);
    if (fclose(f) != 0) die("cannot close", path);
}

/* The Markdown after a leading front matter block (`---` … `---`), or all of it. */
static const char *body_of(const char *md, size_t len, size_t *body_len) {
    if (len >= 4 && strncmp(md, "---\n", 4) == 0) {
        const char *end = strstr(md + 4, "\n---\n");
        if (end) {
            *body_len = len - (size_t)(end + 5 - md);
            return end + 5;
        }
    }
    *body_len = len;
    return md;
}

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: floor IN_DIR OUT_DIR TOTAL\n");
        return 2;
    }
    const char *in = argv[1], *out = argv[2];
    long total = strtol(argv[3], NULL, 10);
    if (mkdir(out, 0755) != 0 && errno != EEXIST) die("cannot create", out);

    cmark_gfm_core_extensions_ensure_registered();
    const int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_GITHUB_PRE_LANG;
    const char *extensions[] = {"table", "strikethrough"};

    DIR *d = opendir(in);
    if (!d) die("cannot open", in);
    long written = 0, rendered = 0;
    char path[4096];
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!ends_with(e->d_name, ".md")) continue;
        snprintf(path, sizeof path, "%s/%s", in, e->d_name);
        size_t len, body_len;
        char *md = read_file(path, &len);
        const char *body = body_of(md, len, &body_len);

        cmark_parser *parser = cmark_parser_new(options);
        for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
            cmark_syntax_extension *ext = cmark_find_syntax_extension(extensions[i]);
            if (!ext) {
                fprintf(stderr, "floor: no %s extension\n", extensions[i]);
                return 1;
            }
            cmark_parser_attach_syntax_extension(parser, ext);
        }
        cmark_parser_feed(parser, body, body_len);
        cmark_node *doc = cmark_parser_finish(parser);
        char *html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));

        size_t stem = strlen(e->d_name) - 3;
        snprintf(path, sizeof path, "%s/%.*s.html", out, (int)stem, e->d_name);
        write_file(path, html, strlen(html));
        cmark_get_default_mem_allocator()->free(html);
        cmark_node_free(doc);
        cmark_parser_free(parser);
        free(md);
        rendered++;
        written++;
    }
    closedir(d);

    if (written < total) {
        snprintf(path, sizeof path, "%s/fill", out);
        if (mkdir(path, 0755) != 0 && errno != EEXIST) die("cannot create", path);
        static const char filler[] = "<!doctype html><meta charset=utf-8><title>-</title>\n";
        for (long n = 0; written < total; n++, written++) {
            snprintf(path, sizeof path, "%s/fill/%06ld.html", out, n);
            write_file(path, filler, sizeof filler - 1);
        }
    }
    printf("%ld rendered, %ld written\n", rendered, written);
    return 0;
}

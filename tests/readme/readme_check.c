/* SPDX-License-Identifier: MIT */
/*
 * readme_check.c - the figures the README (and the scenarios' descriptions)
 * quote, against the outputs they come from.
 *
 *   readme_check FIGURES ROOT WORK
 *
 * FIGURES (tests/readme/figures.txt) holds one figure a line:
 *
 *   FILE | PHRASE | SOURCE | FORMAT
 *
 * FILE is read under ROOT (README.md, scenarios/x.json); PHRASE is text of
 * it with {} where the figure stands; SOURCE names a value in an output
 * under WORK (written by the README's commands and the table's "run:"
 * lines); FORMAT says how the prose rounds it: "scale S" (multiply), "round
 * N" (to a multiple of N), then "fmt %.0f" ("zero WORD": the prose's word
 * for 0, e.g. "no" drops).  The figure passes when PHRASE,
 * with {} replaced by the formatted value, occurs in FILE, whitespace
 * (line breaks) counting as one space.  So a change that moves the value,
 * or an edit of the prose, fails until the other follows.
 *
 * Sources:
 *   json F PATH              summary value, dotted path, arrays by index
 *   csv F KEYCOL KEYVAL COL  COL of the row whose KEYCOL equals KEYVAL
 *   csvmax F COL             the largest value of COL
 *   csvmean F COL FROM TO    the mean of COL over rows FROM < t_ns <= TO (ns)
 *   has F TEXT               no value: F must contain TEXT (a scenario's
 *                            input that the prose names); PHRASE has no {}
 *   quote F                  no value: PHRASE begins a fenced block of FILE
 *                            that quotes F (program output) word for word
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Runs of whitespace become one space, in place. */
static char *squeeze(char *s)
{
	char *r = s, *w = s;
	bool sp = false;

	for (; *r; r++) {
		if (isspace((unsigned char)*r)) {
			sp = true;
			continue;
		}
		if (sp && w != s)
			*w++ = ' ';
		sp = false;
		*w++ = *r;
	}
	*w = '\0';
	return s;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static int json_value(const char *work, const char *file, const char *path, double *v,
		      char *why, size_t wl)
{
	char *text = slurp(work, file), buf[512], *tok, *save = NULL;
	cJSON *root, *n;

	if (!text) {
		snprintf(why, wl, "%s: cannot read", file);
		return -1;
	}
	root = cJSON_Parse(text);
	free(text);
	n = root;
	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); n && tok; tok = strtok_r(NULL, ".", &save))
		n = cJSON_IsArray(n) ? cJSON_GetArrayItem(n, atoi(tok))
				     : cJSON_GetObjectItemCaseSensitive(n, tok);
	if (!cJSON_IsNumber(n)) {
		snprintf(why, wl, "%s: no number at %s", file, path);
		cJSON_Delete(root);
		return -1;
	}
	*v = n->valuedouble;
	cJSON_Delete(root);
	return 0;
}

/* Column @name of a CSV header line, or -1. */
static int col_of(const char *hdr, const char *name)
{
	size_t n = strlen(name);
	int i = 0;

	for (;;) {
		if (!strncmp(hdr, name, n) && (hdr[n] == ',' || hdr[n] == '\n' || !hdr[n]))
			return i;
		hdr = strchr(hdr, ',');
		if (!hdr)
			return -1;
		hdr++;
		i++;
	}
}

static double field(const char *line, int col)
{
	while (col-- > 0) {
		line = strchr(line, ',');
		if (!line)
			return NAN;
		line++;
	}
	return *line == ',' || *line == '\n' || !*line ? NAN : strtod(line, NULL);
}

/* csv, csvmax, csvmean over @file. */
static int csv_value(const char *work, char **tok, int ntok, double *v, char *why, size_t wl)
{
	char *text = slurp(work, tok[1]), *line, *next;
	int key = -1, col, tcol;
	double sum = 0, max = -INFINITY, keyval = 0, from = 0, to = 0;
	long n = 0;
	bool found = false;

	if (!text) {
		snprintf(why, wl, "%s: cannot read", tok[1]);
		return -1;
	}
	if (!strcmp(tok[0], "csv")) {
		if (ntok != 5)
			goto usage;
		key = col_of(text, tok[2]);
		keyval = strtod(tok[3], NULL);
		col = col_of(text, tok[4]);
	} else if (!strcmp(tok[0], "csvmax")) {
		if (ntok != 3)
			goto usage;
		col = col_of(text, tok[2]);
	} else {
		if (ntok != 5)
			goto usage;
		col = col_of(text, tok[2]);
		from = strtod(tok[3], NULL);
		to = strtod(tok[4], NULL);
	}
	tcol = col_of(text, "t_ns");
	if (col < 0 || (!strcmp(tok[0], "csv") && key < 0) ||
	    (!strcmp(tok[0], "csvmean") && tcol < 0)) {
		snprintf(why, wl, "%s: missing column", tok[1]);
		free(text);
		return -1;
	}
	for (line = strchr(text, '\n'); line && line[1]; line = next) {
		double x;

		line++;
		next = strchr(line, '\n');
		if (*line == '#')
			continue;
		x = field(line, col);
		if (!strcmp(tok[0], "csv")) {
			if (field(line, key) == keyval) {
				*v = x;
				found = true;
				break;
			}
		} else if (!strcmp(tok[0], "csvmax")) {
			if (x > max)
				max = x;
			found = true;
		} else {
			double t = field(line, tcol);

			if (t > from && t <= to && !isnan(x)) {
				sum += x;
				n++;
				found = true;
			}
		}
	}
	free(text);
	if (!found) {
		snprintf(why, wl, "%s: no such row", tok[1]);
		return -1;
	}
	if (!strcmp(tok[0], "csvmax"))
		*v = max;
	else if (!strcmp(tok[0], "csvmean"))
		*v = sum / (double)n;
	return 0;
usage:
	free(text);
	snprintf(why, wl, "%s: wrong number of arguments", tok[0]);
	return -1;
}

/* The text of the fenced block of @doc that starts with @start, squeezed. */
static char *block_from(const char *doc, const char *start)
{
	const char *p = doc, *b, *e;
	char *out;

	while ((p = strstr(p, "\n```")) != NULL) {
		p = strchr(p + 1, '\n');
		if (!p)
			return NULL;
		b = p + 1;
		e = strstr(b, "\n```");
		if (!e)
			return NULL;
		if (!strncmp(b, start, strlen(start))) {
			out = malloc((size_t)(e - b) + 1);
			memcpy(out, b, (size_t)(e - b));
			out[e - b] = '\0';
			return squeeze(out);
		}
		p = e + 1;
	}
	return NULL;
}

static int check_line(char *line, const char *root, const char *work, int lineno)
{
	char *f[4], *tok[32], *save = NULL, *t, *doc, *want, *p, fmt[32] = "%g", num[64];
	char zero[32] = "";
	char why[512] = "";
	double v = 0, scale = 1, round_to = 0;
	int nf = 0, ntok = 0, ok;

	for (p = line; nf < 4; nf++) {
		f[nf] = p;
		p = strstr(p, " | ");
		if (!p) {
			nf++;
			break;
		}
		*p = '\0';
		p += 3;
	}
	if (nf < 3) {
		fprintf(stderr, "figures.txt:%d: expected FILE | PHRASE | SOURCE [| FORMAT]\n", lineno);
		return 1;
	}
	for (t = strtok_r(trim(f[2]), " \t", &save); t && ntok < 32; t = strtok_r(NULL, " \t", &save))
		tok[ntok++] = t;
	if (nf > 3) {
		char *s2 = NULL, *k;

		for (k = strtok_r(trim(f[3]), " \t", &s2); k; k = strtok_r(NULL, " \t", &s2)) {
			char *a = strtok_r(NULL, " \t", &s2);

			if (!a)
				break;
			if (!strcmp(k, "scale"))
				scale = strtod(a, NULL);
			else if (!strcmp(k, "round"))
				round_to = strtod(a, NULL);
			else if (!strcmp(k, "fmt"))
				snprintf(fmt, sizeof(fmt), "%s", a);
			else if (!strcmp(k, "zero"))
				snprintf(zero, sizeof(zero), "%s", a);
		}
	}
	doc = slurp(root, trim(f[0]));
	if (!doc) {
		fprintf(stderr, "figures.txt:%d: %s: cannot read\n", lineno, f[0]);
		return 1;
	}
	f[1] = trim(f[1]);
	if (!strcmp(tok[0], "quote") && ntok == 2) {
		char *blk = block_from(doc, f[1]), *out = slurp(work, tok[1]);

		ok = blk && out && strstr(squeeze(out), blk);
		if (!ok)
			fprintf(stderr, "FAIL %s: the block \"%s...\" is not what %s says\n", f[0],
				f[1], tok[1]);
		else
			printf("ok   %s: block \"%s...\" quotes %s\n", f[0], f[1], tok[1]);
		free(blk);
		free(out);
		free(doc);
		return !ok;
	}
	squeeze(doc);
	if (!strcmp(tok[0], "has") && ntok >= 3) {
		char *src = slurp(root, tok[1]), text[512] = "";
		int i;

		for (i = 2; i < ntok; i++)
			snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%s",
				 i > 2 ? " " : "", tok[i]);
		ok = src && strstr(squeeze(src), text) && strstr(doc, squeeze(f[1]));
		if (!ok)
			fprintf(stderr, "FAIL %s: \"%s\" %s, or %s lacks %s\n", f[0], f[1],
				strstr(doc, f[1]) ? "found" : "not found", tok[1], text);
		else
			printf("ok   %s: \"%s\" (%s has %s)\n", f[0], f[1], tok[1], text);
		free(src);
		free(doc);
		return !ok;
	}
	if (!strcmp(tok[0], "json") && ntok == 3)
		ok = json_value(work, tok[1], tok[2], &v, why, sizeof(why)) == 0;
	else if (!strncmp(tok[0], "csv", 3))
		ok = csv_value(work, tok, ntok, &v, why, sizeof(why)) == 0;
	else
		ok = (snprintf(why, sizeof(why), "unknown source %s", tok[0]), 0);
	if (!ok) {
		fprintf(stderr, "FAIL figures.txt:%d: %s\n", lineno, why);
		free(doc);
		return 1;
	}
	v *= scale;
	if (round_to > 0)
		v = floor(v / round_to + 0.5) * round_to;
	if (zero[0] && v == 0)
		snprintf(num, sizeof(num), "%s", zero);
	else
		snprintf(num, sizeof(num), fmt, v);
	p = strstr(f[1], "{}");
	if (!p) {
		fprintf(stderr, "figures.txt:%d: the phrase has no {}\n", lineno);
		free(doc);
		return 1;
	}
	want = malloc(strlen(f[1]) + strlen(num) + 1);
	sprintf(want, "%.*s%s%s", (int)(p - f[1]), f[1], num, p + 2);
	squeeze(want);
	ok = strstr(doc, want) != NULL;
	if (ok) {
		printf("ok   %s: \"%s\"\n", f[0], want);
	} else {
		/* what the prose says instead, if the words around {} are there */
		char *pre = strndup(f[1], (size_t)(p - f[1])), *at = strstr(doc, squeeze(pre));

		fprintf(stderr, "FAIL %s: expected \"%s\" (%s = %.6g); the text says \"%.*s\"\n",
			f[0], want, f[2], v / scale, at ? (int)(strlen(want) + 8) : 0,
			at ? at : "");
		free(pre);
	}
	free(want);
	free(doc);
	return !ok;
}

int main(int argc, char **argv)
{
	char line[2048];
	FILE *f;
	int lineno = 0, fails = 0, n = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: readme_check FIGURES ROOT WORK\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	while (fgets(line, sizeof(line), f)) {
		char *l = trim(line);

		lineno++;
		if (!*l || *l == '#' || !strncmp(l, "run:", 4))
			continue;
		fails += check_line(l, argv[2], argv[3], lineno);
		n++;
	}
	fclose(f);
	printf("%d figures, %d failed\n", n, fails);
	return fails ? 1 : 0;
}

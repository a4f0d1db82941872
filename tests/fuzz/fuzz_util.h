/* SPDX-License-Identifier: MIT */
/*
 * fuzz_util.h - shared by the fuzz targets: the input as a C string, and
 * as a file for the readers that take a path.
 */
#ifndef RXSIM_FUZZ_UTIL_H
#define RXSIM_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rxsim/engine.h"

/* A broken promise: one ERROR line for tests/fuzz/run.sh to show, then the
 * abort that makes libFuzzer keep the input. */
#define FUZZ_FAIL(...) do { \
	fprintf(stderr, "ERROR: " __VA_ARGS__); \
	fputc('\n', stderr); \
	abort(); \
} while (0)
#include "rxsim/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* @data NUL-terminated (embedded NULs stay: strlen() stops there). */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* @data as a file named after this process (the readers take a path);
 * @suffix picks the reader (".csv", ".pcap").  The caller unlinks it. */
static inline void fuzz_file(const uint8_t *data, size_t size, const char *suffix,
			     char *path, size_t len)
{
	const char *dir = getenv("TMPDIR");
	FILE *f;

	snprintf(path, len, "%s/rxsim-fuzz-%d%s", dir && *dir ? dir : "/tmp", (int)getpid(),
		 suffix);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
}

/*
 * A trace reader fuzzed through @open on @data written to a file: every
 * record read to the end, twice (rewind), times never decreasing, never
 * negative, and an error always one line.
 */
typedef int (*fuzz_trace_open_fn)(const char *path, struct pkt_source *src, char *err,
				  size_t len);

static inline int fuzz_trace_reader(const uint8_t *data, size_t size, const char *suffix,
				    fuzz_trace_open_fn open)
{
	char path[512], err[1024];
	struct pkt_source src;
	struct trace_pkt p;
	int pass, rc;

	fuzz_file(data, size, suffix, path, sizeof(path));
	if (!open(path, &src, err, sizeof(err))) {
		for (pass = 0; pass < 2; pass++) {
			sim_time_t last = 0;
			unsigned n = 0;

			while ((rc = src.ops->next(src.ctx, &p, err, sizeof(err))) > 0 && n++ < 100000) {
				if (p.t < last || p.t < 0)
					abort();
				last = p.t;
			}
			if (rc < 0 && strchr(err, '\n'))
				abort();
			if (src.ops->rewind(src.ctx, err, sizeof(err)))
				break;
		}
		src.ops->close(src.ctx);
	}
	unlink(path);
	return 0;
}

#endif

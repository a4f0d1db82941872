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

#endif

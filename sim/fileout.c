/* SPDX-License-Identifier: MIT */
/*
 * fileout.c - outputs appear whole or not at all: written to a temporary
 * file in the target directory, flushed, then renamed over the target.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rxsim/run.h"
#include "rxsim/scenario.h"

int rxsim_write_file(const char *path, const char *data, size_t len, struct rxsim_err *err)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	FILE *f;
	int fd;

	if (!tmp) {
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", path);
		return RXSIM_EINTERNAL;
	}
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp.XXXXXX", 12);
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err->msg, sizeof(err->msg), "%s: cannot create: %s", path, strerror(errno));
		free(tmp);
		return RXSIM_EINTERNAL;
	}
	f = fdopen(fd, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fflush(f) || fsync(fileno(f)) ||
	    fclose(f)) {
		snprintf(err->msg, sizeof(err->msg), "%s: write failed: %s", path, strerror(errno));
		if (!f)
			close(fd);
		unlink(tmp);
		free(tmp);
		return RXSIM_EINTERNAL;
	}
	if (rename(tmp, path)) {
		snprintf(err->msg, sizeof(err->msg), "%s: rename failed: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return RXSIM_EINTERNAL;
	}
	free(tmp);
	return 0;
}

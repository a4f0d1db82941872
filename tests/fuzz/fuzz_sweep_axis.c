/* SPDX-License-Identifier: MIT */
/*
 * fuzz_sweep_axis.c - sweep axes: the first line of the input is a --set
 * (a list, a range FROM..TO/STEPS[log] or one value), the rest the JSON
 * text of a "sweep" section; both are planned on a valid scenario, every
 * point loaded as `rxsim sweep` does before running.
 */
#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "rxsim/sweep.h"
#include "fuzz_util.h"

static const char head[] =
	"{ \"nics\": [{ \"name\": \"eth0\" }],"
	"  \"sockets\": [{ \"name\": \"s\", \"port\": 9000 }],"
	"  \"traffic\": [{ \"rate\": \"1Mpps\", \"dst_port\": 9000 }]";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *nl = strchr(s, '\n');
	const char *sets[1] = { s };
	struct sweep sw;
	struct rxsim_err err = { { 0 } };
	size_t len;
	char *text;

	if (nl)
		*nl = '\0';
	len = strlen(head) + (nl ? strlen(nl + 1) : 0) + 32;
	text = malloc(len);
	if (!text)
		abort();
	/* a section that is not JSON just makes the file invalid: still fine */
	snprintf(text, len, "%s%s%s }", head, nl ? ", \"sweep\": " : "", nl ? nl + 1 : "");
	memset(&sw, 0, sizeof(sw));
	sw.name = "fuzz.json";
	sw.text = text;
	sw.len = strlen(text);
	sw.reps = 1;
	if (sweep_plan(&sw, sets, s[0] ? 1 : 0, &err) && (!err.msg[0] || strchr(err.msg, '\n')))
		FUZZ_FAIL("an empty or multi-line message: [%s]", err.msg);
	sw.text = NULL;	/* ours */
	sweep_free(&sw);
	free(text);
	free(s);
	return 0;
}

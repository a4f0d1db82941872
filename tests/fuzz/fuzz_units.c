/* SPDX-License-Identifier: MIT */
/*
 * fuzz_units.c - the quantity, count, CPU-list and cost parsers.  What
 * parses must format back to text that parses to the same value (the
 * summary echoes resolved values that way); messages quote one line.
 */
#include "rxsim/cost.h"
#include "rxsim/cpulist.h"
#include "rxsim/quote.h"
#include "rxsim/units.h"
#include "fuzz_util.h"

static const int64_t scales[] = { 0, 1, 1000, 1000000 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	char buf[128], q[256];
	unsigned long n;
	struct cpulist cl;
	struct cost c;
	const char *why;
	int k;
	size_t i;

	for (k = UNIT_TIME; k <= UNIT_SIZE; k++)
		for (i = 0; i < sizeof(scales) / sizeof(scales[0]); i++) {
			int64_t v, back;

			if (units_parse(s, (enum unit_kind)k, scales[i], &v, &why))
				continue;
			units_format(v, (enum unit_kind)k, buf, sizeof(buf));
			if (units_parse(buf, (enum unit_kind)k, 0, &back, &why) || back != v)
				abort();	/* formatted text must read back exactly */
		}
	if (!units_parse_count(s, 1000, &n) && n > 1000)
		abort();
	if (!cpulist_parse(s, &cl) && cl.n > sizeof(cl.cpu) / sizeof(cl.cpu[0]))
		abort();
	if (!cost_parse(s, &c, &why)) {
		struct cost back;

		cost_format(&c, buf, sizeof(buf));
		if (cost_parse(buf, &back, &why))
			abort();	/* a formatted cost must parse again */
	}
	msg_quote(s, 60, q, sizeof(q));
	for (i = 0; q[i]; i++)
		if ((unsigned char)q[i] < 0x20 || q[i] == 0x7f)
			abort();	/* quoted text is one printable line */
	free(s);
	return 0;
}

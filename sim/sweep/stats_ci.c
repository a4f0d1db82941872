/* SPDX-License-Identifier: MIT */
/*
 * stats_ci.c - the 95% confidence interval of a mean over repetitions:
 * Student t quantiles (a table up to 30 degrees of freedom, a
 * Cornish-Fisher expansion beyond) and the half-width from the sample
 * standard deviation.
 */
#include <math.h>

#include "rxsim/sweep.h"

double sweep_t975(unsigned df)
{
	static const double t[31] = {
		0, 12.7062047, 4.3026527, 3.1824463, 2.7764451, 2.5705818, 2.4469119,
		2.3646243, 2.3060041, 2.2621572, 2.2281389, 2.2009852, 2.1788128, 2.1603687,
		2.1447867, 2.1314495, 2.1199053, 2.1098155, 2.1009220, 2.0930241, 2.0859634,
		2.0796138, 2.0738731, 2.0686576, 2.0638986, 2.0595386, 2.0555294, 2.0518305,
		2.0484071, 2.0452296, 2.0422725,
	};
	const double z = 1.959963984540054;
	double z2 = z * z, d = (double)df;
	double g1, g2, g3, g4;

	if (df == 0)
		return NAN;
	if (df <= 30)
		return t[df];
	/* Cornish-Fisher expansion in 1/df: error below 1e-7 for df > 30. */
	g1 = (z2 + 1) * z / 4;
	g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
	g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
	g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
	return z + g1 / d + g2 / (d * d) + g3 / (d * d * d) + g4 / (d * d * d * d);
}

void sweep_mean_ci95(const double *x, unsigned n, double *mean, double *ci95)
{
	double sum = 0, ss = 0, m;
	unsigned i;

	for (i = 0; i < n; i++)
		sum += x[i];
	m = n ? sum / n : 0;
	for (i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	*mean = m;
	*ci95 = n >= 2 ? sweep_t975(n - 1) * sqrt(ss / (n - 1)) / sqrt((double)n) : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Prints CLOCK_MONOTONIC in nanoseconds, one line: the CRIU bench's clock (bench.sh), since
 * busybox's date has no %N and /proc/uptime counts hundredths.
 */
#include <stdio.h>
#include <time.h>

int main(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_MONOTONIC, &t) != 0) {
		perror("clock_gettime");
		return 1;
	}
	printf("%lld\n", (long long)t.tv_sec * 1000000000LL + t.tv_nsec);
	return 0;
}

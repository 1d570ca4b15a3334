/*
 * relink-vs-copy: the seed's IO claim on a real kernel. In the current directory (the root of a
 * file system mounted with the relink series), for one open file of SIZE MiB whose name is gone,
 * checkpoint it twice and measure each way: relink (linkat(fd, "", AT_FDCWD, "ckpt/r",
 * AT_EMPTY_PATH), then sync) and copy (CRIU's ghost file: read it through the fd, write it into an
 * image file, fsync). Time is CLOCK_MONOTONIC; IO is what the disk saw, from the sector counts in
 * /sys/block/DEV/stat, with the page cache dropped before each measurement so reads reach the
 * disk. Prints one JSON line per strategy.
 * Usage: relink-vs-copy SIZE_MIB DEV   (DEV as in /sys/block, e.g. vda)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1 << 20)

static char buf[CHUNK];

struct io {
	unsigned long long rd, wr;	/* sectors of 512 bytes */
};

static struct io disk_io(const char *dev)
{
	char path[128];
	unsigned long long f[11] = { 0 };
	struct io io = { 0, 0 };
	FILE *s;

	snprintf(path, sizeof(path), "/sys/block/%s/stat", dev);
	s = fopen(path, "r");
	if (!s || fscanf(s, "%llu %llu %llu %llu %llu %llu %llu", &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6]) != 7) {
		fprintf(stderr, "relink-vs-copy: cannot read %s\n", path);
		exit(2);
	}
	fclose(s);
	io.rd = f[2];
	io.wr = f[6];
	return io;
}

static void drop_caches(void)
{
	int fd;

	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0 || write(fd, "3\n", 2) != 2) {
		perror("drop_caches");
		exit(2);
	}
	close(fd);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void report(const char *strategy, long mib, double t0, double t1, struct io a, struct io b)
{
	printf("{\"strategy\":\"%s\",\"mib\":%ld,\"seconds\":%.6f,\"bytes_read\":%llu,\"bytes_written\":%llu}\n",
	       strategy, mib, t1 - t0, (b.rd - a.rd) * 512, (b.wr - a.wr) * 512);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	long mib = argc > 1 ? atol(argv[1]) : 0;
	const char *dev = argc > 2 ? argv[2] : "vda";
	struct io a, b;
	double t0, t1;
	int fd, img;

	if (mib <= 0) {
		fprintf(stderr, "usage: relink-vs-copy SIZE_MIB DEV\n");
		return 2;
	}
	if (mkdir("ckpt", 0755) || mount("", ".", NULL, MS_REMOUNT, "relink=/ckpt")) {
		perror("relink=/ckpt");
		return 2;
	}
	fd = open("f", O_RDWR | O_CREAT | O_EXCL, 0644);
	memset(buf, 'x', sizeof(buf));
	for (long i = 0; fd >= 0 && i < mib; i++)
		if (write(fd, buf, CHUNK) != CHUNK) {
			perror("write");
			return 2;
		}
	if (fd < 0 || fsync(fd) || unlink("f")) {
		perror("f");
		return 2;
	}

	drop_caches();
	a = disk_io(dev);
	t0 = now();
	if (linkat(fd, "", AT_FDCWD, "ckpt/r", AT_EMPTY_PATH)) {
		perror("relink");
		return 2;
	}
	sync();
	t1 = now();
	b = disk_io(dev);
	report("relink", mib, t0, t1, a, b);
	/* Restart would reopen ckpt/r and unlink it; the file is nameless again for the copy. */
	if (unlink("ckpt/r")) {
		perror("unlink ckpt/r");
		return 2;
	}

	drop_caches();
	a = disk_io(dev);
	t0 = now();
	img = open("ghost.img", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	for (off_t off = 0; img >= 0;) {
		ssize_t n = pread(fd, buf, CHUNK, off);

		if (n <= 0)
			break;
		if (write(img, buf, (size_t)n) != n) {
			perror("write ghost.img");
			return 2;
		}
		off += n;
	}
	if (img < 0 || fsync(img) || close(img)) {
		perror("ghost.img");
		return 2;
	}
	t1 = now();
	b = disk_io(dev);
	report("copy", mib, t0, t1, a, b);
	return 0;
}

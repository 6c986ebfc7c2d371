/*
 * replay - run a fuzz harness once over each file named, without
 * libFuzzer: the crash corpus as a regression test in any build
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n;

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	*len = 0;
	do {
		if (*len == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (n > 0);
	if (ferror(f)) {
		perror(path);
		exit(2);
	}
	fclose(f);
	return buf;
}

int
main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		size_t len;
		uint8_t *data = slurp(argv[i], &len);

		LLVMFuzzerTestOneInput(data, len);
		free(data);
	}
	return 0;
}
